/**
 * The zapgate web manager: Preact components written with htm tagged templates (no JSX, so the
 * repository's swc and tsc read it as plain TypeScript), bundled by esbuild at build time with
 * socket.io-client into one script (`npm run build`; no CDN, works offline).
 */
import { html } from 'htm/preact';
import { render } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { io, type Socket } from 'socket.io-client';
import {
  ApiError,
  managerApi,
  sandboxApi,
  type DeliveryView,
  type InstanceView,
  type ManagerApi,
  type PhoneMessage,
  type PhoneView,
} from './api.js';

const TOKEN_KEY = 'zg-manager-token';

const STATE_LABEL: Record<string, string> = {
  stopped: 'stopped',
  connecting: 'connecting',
  qr: 'waiting for QR scan',
  'pairing-code': 'waiting for pairing code',
  connected: 'connected',
  'logged-out': 'logged out',
  conflict: 'conflict',
  'qr-timeout': 'QR expired',
  unknown: 'unknown',
};

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Runs an action, showing what it says (or its error) in a status line. */
function useAction(): [string | undefined, boolean, (f: () => Promise<string | void>) => Promise<void>] {
  const [note, setNote] = useState<string | undefined>();
  const [failed, setFailed] = useState(false);
  const run = useCallback(async (f: () => Promise<string | void>) => {
    setNote(undefined);
    try {
      const said = await f();
      setFailed(false);
      setNote(said || undefined);
    } catch (err) {
      setFailed(true);
      setNote(errorText(err));
    }
  }, []);
  return [note, failed, run];
}

/** `value`, passed on at most once per `ms` (the last one wins): list refreshes on busy gateways. */
function useThrottled(value: number, ms = 1000): number {
  const [out, setOut] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const timer = setTimeout(
      () => {
        last.current = Date.now();
        setOut(value);
      },
      Math.max(0, last.current + ms - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [value]);
  return out;
}

function Note({ text, failed }: { text?: string; failed?: boolean }) {
  if (!text) return null;
  return html`<p class=${failed ? 'note error' : 'note'} role=${failed ? 'alert' : 'status'}>${text}</p>`;
}

function SignIn({
  onSignedIn,
}: {
  onSignedIn: (token: string, s: { role: string; sandbox: boolean }) => void;
}) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      onSignedIn(token, await managerApi(token).session());
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'That token was refused.' : errorText(err));
    }
  };
  return html`<main class="signin">
    <h1>zapgate manager</h1>
    <form onSubmit=${submit} aria-describedby="signin-help">
      <label for="token">Admin token or SECRET_KEY</label>
      <input
        id="token"
        type="password"
        autocomplete="current-password"
        required
        value=${token}
        onInput=${(e: Event) => setToken((e.target as HTMLInputElement).value)}
      />
      <button type="submit">Sign in</button>
      <p id="signin-help" class="help">
        The mega-API <code>ZG_ADMIN_TOKEN</code> or the WPPConnect <code>SECRET_KEY</code> (standalone:
        <code>DATA_DIR/secrets.json</code>).
      </p>
      ${error && html`<p class="note error" role="alert">${error}</p>`}
    </form>
  </main>`;
}

function StateBadge({ state }: { state: string }) {
  return html`<span class=${`state state-${state}`} data-state=${state}
    >${STATE_LABEL[state] ?? state}</span
  >`;
}

function CreateInstance({ api, onCreated }: { api: ManagerApi; onCreated: (i: InstanceView) => void }) {
  const [key, setKey] = useState('');
  const [dialect, setDialect] = useState('wppconnect');
  const [issued, setIssued] = useState<{ key: string; token: string } | undefined>();
  const [note, failed, run] = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const { instance, token } = await api.create(key.trim(), dialect);
      setIssued({ key: instance.key, token });
      setKey('');
      onCreated(instance);
    });
  };
  return html`<form class="create" onSubmit=${submit}>
    <h3>Create an instance</h3>
    <label for="new-key">Instance name</label>
    <input
      id="new-key"
      required
      pattern="[A-Za-z0-9_\\-]{1,64}"
      value=${key}
      onInput=${(e: Event) => setKey((e.target as HTMLInputElement).value)}
    />
    <label for="new-dialect">Dialect</label>
    <select
      id="new-dialect"
      value=${dialect}
      onChange=${(e: Event) => setDialect((e.target as HTMLSelectElement).value)}
    >
      <option value="wppconnect">WPPConnect (/api)</option>
      <option value="mega">mega-API (/rest)</option>
    </select>
    <button type="submit">Create instance</button>
    <${Note} text=${note} failed=${failed} />
    ${
      issued &&
      html`<p class="note" role="status">
        Token of <strong>${issued.key}</strong> (shown once, keep it):${' '}
        <code class="token" data-testid="issued-token">${issued.token}</code>
      </p>`
    }
  </form>`;
}

function InstanceList({
  instances,
  selected,
  onSelect,
}: {
  instances: InstanceView[];
  selected?: string;
  onSelect: (key: string) => void;
}) {
  if (!instances.length) return html`<p>No instances yet.</p>`;
  return html`<table class="instances">
    <caption>
      Instances (live)
    </caption>
    <thead>
      <tr>
        <th scope="col">Name</th>
        <th scope="col">Dialect</th>
        <th scope="col">Status</th>
      </tr>
    </thead>
    <tbody>
      ${instances.map(
        (i) =>
          html`<tr key=${i.key} class=${i.key === selected ? 'selected' : ''} data-instance=${i.key}>
            <th scope="row">
              <button
                type="button"
                class="link"
                aria-pressed=${i.key === selected}
                onClick=${() => onSelect(i.key)}
              >
                ${i.key}
              </button>
            </th>
            <td>${i.dialect === 'mega' ? 'mega-API' : 'WPPConnect'}</td>
            <td aria-live="polite"><${StateBadge} state=${i.state} /></td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function Deliveries({
  api,
  instance,
  refreshTick,
}: {
  api: ManagerApi;
  instance: string;
  refreshTick: number;
}) {
  const [status, setStatus] = useState('');
  const [list, setList] = useState<DeliveryView[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [note, failed, run] = useAction();
  const load = useCallback(() => {
    api.deliveries(instance, status || undefined).then(setList, () => setList([]));
  }, [api, instance, status]);
  useEffect(load, [load, refreshTick]);
  const replayRange = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const { replayed } = await api.replayRange(
        instance,
        new Date(from).toISOString(),
        new Date(to).toISOString(),
      );
      load();
      return `${replayed} deliveries set to be sent again`;
    });
  };
  return html`<section aria-labelledby="deliveries-title">
    <h4 id="deliveries-title">Delivery log</h4>
    <div class="row">
      <label for="delivery-status">Show</label>
      <select
        id="delivery-status"
        value=${status}
        onChange=${(e: Event) => setStatus((e.target as HTMLSelectElement).value)}
      >
        <option value="">all deliveries</option>
        <option value="delivered">delivered</option>
        <option value="pending">pending (retrying)</option>
        <option value="dead">dead letters</option>
      </select>
      <button type="button" onClick=${load}>Refresh deliveries</button>
    </div>
    ${
      list.length
        ? html`<table class="deliveries">
            <caption class="visually-hidden">
              Webhook deliveries of ${instance}
            </caption>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Response</th>
                <th scope="col">Latency</th>
                <th scope="col"></th>
              </tr>
            </thead>
            <tbody>
              ${list.map((d) => {
                const last = d.log[d.log.length - 1];
                return html`<tr key=${d.id} data-delivery=${d.id} data-status=${d.status}>
                  <td>${new Date(d.createdAt).toLocaleTimeString()}</td>
                  <td>${d.event}</td>
                  <td>${d.status === 'dead' ? 'dead letter' : d.status}</td>
                  <td>${d.attempts}</td>
                  <td class="response-code">${d.lastStatusCode ?? last?.statusCode ?? d.lastError ?? '—'}</td>
                  <td>${last?.latencyMs !== undefined ? `${Math.round(last.latencyMs)} ms` : '—'}</td>
                  <td>
                    <button
                      type="button"
                      aria-label=${`Replay delivery ${d.event} ${d.id}`}
                      onClick=${() =>
                        run(async () => {
                          await api.replay(instance, d.id);
                          load();
                          return `Delivery ${d.id} set to be sent again`;
                        })}
                    >
                      Replay
                    </button>
                  </td>
                </tr>`;
              })}
            </tbody>
          </table>`
        : html`<p>No deliveries${status ? ` (${status})` : ''}.</p>`
    }
    <form class="row" onSubmit=${replayRange}>
      <label for="replay-from">Replay from</label>
      <input
        id="replay-from"
        type="datetime-local"
        step="1"
        required
        value=${from}
        onInput=${(e: Event) => setFrom((e.target as HTMLInputElement).value)}
      />
      <label for="replay-to">to</label>
      <input
        id="replay-to"
        type="datetime-local"
        step="1"
        required
        value=${to}
        onInput=${(e: Event) => setTo((e.target as HTMLInputElement).value)}
      />
      <button type="submit">Replay range</button>
    </form>
    <${Note} text=${note} failed=${failed} />
  </section>`;
}

function Webhook({
  api,
  instance,
  onChanged,
}: {
  api: ManagerApi;
  instance: InstanceView;
  onChanged: (i: InstanceView) => void;
}) {
  const [url, setUrl] = useState(instance.webhook?.url ?? '');
  const [enabled, setEnabled] = useState(instance.webhook?.enabled ?? true);
  const [events, setEvents] = useState((instance.webhook?.events ?? []).join(', '));
  const [secret, setSecret] = useState('');
  const [note, failed, run] = useAction();
  useEffect(() => {
    setUrl(instance.webhook?.url ?? '');
    setEnabled(instance.webhook?.enabled ?? true);
    setEvents((instance.webhook?.events ?? []).join(', '));
  }, [instance.key]);
  const save = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const names = events
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      onChanged(await api.setWebhook(instance.key, url.trim(), enabled, names));
      return 'Webhook saved';
    });
  };
  const setTheSecret = (generate: boolean) =>
    run(async () => {
      const { generated } = await api.setSecret(instance.key, generate ? undefined : secret);
      setSecret('');
      onChanged(await api.instance(instance.key));
      return generated
        ? `Generated secret (shown once): ${generated}`
        : 'Secret set (it is never shown again)';
    });
  return html`<section aria-labelledby="webhook-title">
    <h4 id="webhook-title">Webhook</h4>
    <form onSubmit=${save}>
      <label for="webhook-url">Webhook URL</label>
      <input
        id="webhook-url"
        type="url"
        value=${url}
        onInput=${(e: Event) => setUrl((e.target as HTMLInputElement).value)}
      />
      <label class="check">
        <input
          type="checkbox"
          checked=${enabled}
          onChange=${(e: Event) => setEnabled((e.target as HTMLInputElement).checked)}
        />
        Enabled
      </label>
      <label for="webhook-events">Events (comma-separated; empty for all)</label>
      <input
        id="webhook-events"
        value=${events}
        onInput=${(e: Event) => setEvents((e.target as HTMLInputElement).value)}
      />
      <button type="submit">Save webhook</button>
    </form>
    <form onSubmit=${(e: Event) => (e.preventDefault(), void setTheSecret(false))}>
      <label for="webhook-secret"
        >Signing secret (${instance.hasWebhookSecret ? 'one is set' : 'none set'}; never shown again)</label
      >
      <input
        id="webhook-secret"
        type="password"
        autocomplete="new-password"
        minlength="16"
        value=${secret}
        onInput=${(e: Event) => setSecret((e.target as HTMLInputElement).value)}
      />
      <button type="submit" disabled=${!secret}>Set secret</button>
      <button type="button" onClick=${() => setTheSecret(true)}>Generate secret</button>
    </form>
    <${Note} text=${note} failed=${failed} />
  </section>`;
}

function InstanceDetail({
  api,
  instance,
  qr,
  deliveriesTick,
  onChanged,
  onDeleted,
}: {
  api: ManagerApi;
  instance: InstanceView;
  qr?: string;
  deliveriesTick: number;
  onChanged: (i: InstanceView) => void;
  onDeleted: (key: string) => void;
}) {
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState<string | undefined>();
  const [to, setTo] = useState('');
  const [text, setText] = useState('Hello from the zapgate manager');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [note, failed, run] = useAction();
  const key = instance.key;
  useEffect(() => {
    setCode(undefined);
    setConfirmDelete(false);
  }, [key]);
  const shownQr = instance.state === 'qr' ? (qr ?? instance.qr) : undefined;
  return html`<section class="detail" aria-labelledby="detail-title">
    <h2 id="detail-title">${key}</h2>
    <p>
      ${instance.dialect === 'mega' ? 'mega-API' : 'WPPConnect'} instance, status${' '}
      <span aria-live="polite" id="detail-state"><${StateBadge} state=${instance.state} /></span>
      ${instance.me && html` as <strong>${instance.me.name ?? ''} ${instance.me.id.split('@')[0]}</strong>`}
    </p>
    ${
      shownQr &&
      html`<figure class="qr">
        <img src=${shownQr} width="264" height="264" alt=${`QR code to link ${key}`} />
        <figcaption>Scan with WhatsApp (Linked devices). It refreshes as WhatsApp rotates it.</figcaption>
      </figure>`
    }
    <div class="row actions">
      <button
        type="button"
        onClick=${() => run(async () => (onChanged(await api.connect(key)), 'Connecting'))}
      >
        Connect
      </button>
      <button
        type="button"
        onClick=${() => run(async () => (onChanged(await api.restart(key)), 'Restarted'))}
      >
        Restart
      </button>
      <button
        type="button"
        onClick=${() => run(async () => (onChanged(await api.logout(key)), 'Logged out'))}
      >
        Log out
      </button>
      ${
        confirmDelete
          ? html`<button
                type="button"
                class="danger"
                onClick=${() => run(async () => (await api.remove(key), onDeleted(key)))}
              >
                Confirm delete of ${key}
              </button>
              <button type="button" onClick=${() => setConfirmDelete(false)}>Keep it</button>`
          : html`<button type="button" class="danger" onClick=${() => setConfirmDelete(true)}>Delete</button>`
      }
    </div>
    <form
      class="row"
      onSubmit=${(e: Event) => (e.preventDefault(), void run(async () => setCode((await api.pairingCode(key, phone)).code)))}
    >
      <label for="pair-phone">Phone number for a pairing code</label>
      <input
        id="pair-phone"
        inputmode="numeric"
        required
        value=${phone}
        onInput=${(e: Event) => setPhone((e.target as HTMLInputElement).value)}
      />
      <button type="submit">Get pairing code</button>
      ${code && html`<output class="code" aria-label="Pairing code">${code}</output>`}
    </form>
    <form
      onSubmit=${(e: Event) => (e.preventDefault(), void run(async () => `Sent (id ${(await api.send(key, to, text)).id})`))}
    >
      <h4>Send a test message</h4>
      <label for="send-to">To (number with country code)</label>
      <input
        id="send-to"
        inputmode="numeric"
        required
        value=${to}
        onInput=${(e: Event) => setTo((e.target as HTMLInputElement).value)}
      />
      <label for="send-text">Test message text</label>
      <input
        id="send-text"
        required
        value=${text}
        onInput=${(e: Event) => setText((e.target as HTMLInputElement).value)}
      />
      <button type="submit">Send test message</button>
    </form>
    <${Note} text=${note} failed=${failed} />
    <${Webhook} api=${api} instance=${instance} onChanged=${onChanged} />
    <${Deliveries} api=${api} instance=${key} refreshTick=${deliveriesTick} />
  </section>`;
}

function Phone({
  phone,
  qr,
  qrFor,
  inboxTick,
}: {
  phone: PhoneView;
  qr?: string;
  qrFor?: string;
  inboxTick: number;
}) {
  const [inbox, setInbox] = useState<PhoneMessage[] | undefined>();
  const [to, setTo] = useState('');
  const [text, setText] = useState('Hi from the simulated phone');
  const [note, failed, run] = useAction();
  const load = useCallback(() => {
    sandboxApi.inbox(phone.number).then(setInbox, () => setInbox([]));
  }, [phone.number]);
  useEffect(() => {
    if (inbox) load();
  }, [inboxTick]);
  const id = `phone-${phone.number}`;
  return html`<li class="phone" data-phone=${phone.number} aria-labelledby=${id}>
    <h4 id=${id}>${phone.name || 'Phone'} ${phone.number}</h4>
    <p>${phone.online ? 'online' : 'offline'}, ${phone.devices.length} linked device(s)</p>
    <div class="row">
      <button
        type="button"
        disabled=${!qr}
        onClick=${() => run(async () => (await sandboxApi.scan(phone.number, qr!), `Scanned the QR of ${qrFor}`))}
      >
        ${qr ? `Scan QR of ${qrFor}` : 'Scan QR (select an instance showing one)'}
      </button>
      <button type="button" aria-expanded=${!!inbox} onClick=${() => (inbox ? setInbox(undefined) : load())}>
        ${inbox ? 'Hide inbox' : 'Show inbox'}
      </button>
      ${inbox && html`<button type="button" onClick=${load}>Refresh inbox</button>`}
    </div>
    ${
      inbox &&
      html`<ul class="inbox" aria-label=${`Inbox of ${phone.number}`}>
        ${
          inbox.length
            ? inbox.map(
                (m) =>
                  html`<li key=${m.id} class=${`msg ${m.direction}`}>
                    <span class="who"
                      >${m.direction === 'in' ? `from ${m.from.split('@')[0]}` : `to ${m.chat.split('@')[0]}`}</span
                    >
                    <span class="text">${m.text ?? '(media)'}</span> <span class="status">${m.status}</span>
                  </li>`,
              )
            : html`<li>Empty.</li>`
        }
      </ul>`
    }
    <form
      class="row"
      onSubmit=${(e: Event) => (e.preventDefault(), void run(async () => (await sandboxApi.send(phone.number, to, text), load(), 'Sent')))}
    >
      <label for=${`${id}-to`}>To</label>
      <input
        id=${`${id}-to`}
        inputmode="numeric"
        required
        value=${to}
        onInput=${(e: Event) => setTo((e.target as HTMLInputElement).value)}
      />
      <label for=${`${id}-text`}>Message</label>
      <input
        id=${`${id}-text`}
        required
        value=${text}
        onInput=${(e: Event) => setText((e.target as HTMLInputElement).value)}
      />
      <button type="submit">Send from phone</button>
    </form>
    <${Note} text=${note} failed=${failed} />
  </li>`;
}

function SandboxPanel({ qr, qrFor, tick }: { qr?: string; qrFor?: string; tick: number }) {
  const [phones, setPhones] = useState<PhoneView[]>([]);
  const [number, setNumber] = useState('');
  const [name, setName] = useState('');
  const [note, failed, run] = useAction();
  const load = useCallback(() => {
    sandboxApi.phones().then(setPhones, () => setPhones([]));
  }, []);
  useEffect(load, [load, tick]);
  return html`<section class="sandbox" aria-labelledby="sandbox-title">
    <h2 id="sandbox-title">Simulated phones (sandbox)</h2>
    <form
      class="row"
      onSubmit=${(e: Event) => (e.preventDefault(), void run(async () => (await sandboxApi.createPhone(number.trim(), name.trim() || undefined), setNumber(''), setName(''), load(), 'Phone created')))}
    >
      <label for="phone-number">Phone number</label>
      <input
        id="phone-number"
        inputmode="numeric"
        required
        value=${number}
        onInput=${(e: Event) => setNumber((e.target as HTMLInputElement).value)}
      />
      <label for="phone-name">Name</label>
      <input
        id="phone-name"
        value=${name}
        onInput=${(e: Event) => setName((e.target as HTMLInputElement).value)}
      />
      <button type="submit">Create phone</button>
    </form>
    <${Note} text=${note} failed=${failed} />
    <ul class="phones">
      ${phones.map((p) => html`<${Phone} key=${p.number} phone=${p} qr=${qr} qrFor=${qrFor} inboxTick=${tick} />`)}
    </ul>
  </section>`;
}

function Dashboard({
  token,
  sandbox,
  role,
  onSignOut,
}: {
  token: string;
  sandbox: boolean;
  role: string;
  onSignOut: () => void;
}) {
  const api = useRef(managerApi(token)).current;
  const [instances, setInstances] = useState<InstanceView[]>([]);
  const [selected, setSelected] = useState<string | undefined>();
  const [qrs, setQrs] = useState<Record<string, string>>({});
  const [live, setLive] = useState<'connecting' | 'live' | 'offline'>('connecting');
  const [tick, setTick] = useState(0);
  const upsert = useCallback((i: InstanceView) => {
    setInstances((all) => {
      const rest = all.filter((x) => x.key !== i.key);
      return [...rest, i].sort((a, b) => a.key.localeCompare(b.key));
    });
  }, []);
  useEffect(() => {
    api.instances().then(setInstances, () => undefined);
    // the admin token or SECRET_KEY: every session's events
    const socket: Socket = io({ auth: { token }, transports: ['websocket'] });
    socket.on('connect', () => setLive('live'));
    socket.on('disconnect', () => setLive('offline'));
    socket.on('connect_error', () => setLive('offline'));
    socket.on(
      'instance-status',
      (s: { session: string; state: string; qr?: string; me?: InstanceView['me'] }) => {
        if (s.qr) setQrs((q) => ({ ...q, [s.session]: s.qr! }));
        setInstances((all) => {
          if (!all.some((i) => i.key === s.session)) {
            api.instance(s.session).then(upsert, () => undefined);
            return all;
          }
          return all.map((i) =>
            i.key === s.session ? { ...i, state: s.state, ...(s.me ? { me: s.me } : {}) } : i,
          );
        });
        setTick((t) => t + 1);
      },
    );
    const bump = () => setTick((t) => t + 1);
    socket.on('received-message', bump);
    socket.on('onack', bump);
    return () => socket.close();
  }, []);
  // lists (deliveries, phones, inboxes) reload after events, at most once a second
  const refreshTick = useThrottled(tick);
  const current = instances.find((i) => i.key === selected);
  const currentQr = current?.state === 'qr' ? (qrs[current.key] ?? current.qr) : undefined;
  return html`<div class="app">
    <header>
      <h1>zapgate manager</h1>
      <p class="live" role="status">Live updates: <span data-live=${live}>${live}</span></p>
      <p class="role">Signed in with the ${role === 'admin' ? 'admin token' : 'SECRET_KEY'}</p>
      <button type="button" onClick=${onSignOut}>Sign out</button>
    </header>
    <main>
      <section class="list" aria-labelledby="instances-title">
        <h2 id="instances-title">Instances</h2>
        <${InstanceList} instances=${instances} selected=${selected} onSelect=${setSelected} />
        <${CreateInstance} api=${api} onCreated=${(i: InstanceView) => (upsert(i), setSelected(i.key))} />
      </section>
      ${
        current
          ? html`<${InstanceDetail}
              api=${api}
              instance=${current}
              qr=${currentQr}
              deliveriesTick=${refreshTick}
              onChanged=${upsert}
              onDeleted=${(key: string) => (setInstances((all) => all.filter((i) => i.key !== key)), setSelected(undefined))}
            />`
          : html`<section class="detail"><p>Select an instance, or create one.</p></section>`
      }
      ${sandbox && html`<${SandboxPanel} qr=${currentQr} qrFor=${current?.key} tick=${refreshTick} />`}
    </main>
  </div>`;
}

function App() {
  const [auth, setAuth] = useState<{ token: string; role: string; sandbox: boolean } | undefined>();
  const [checking, setChecking] = useState(true);
  useEffect(() => {
    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (!saved) return setChecking(false);
    managerApi(saved)
      .session()
      .then(
        (s) => setAuth({ token: saved, ...s }),
        () => sessionStorage.removeItem(TOKEN_KEY),
      )
      .finally(() => setChecking(false));
  }, []);
  if (checking) return html`<p class="loading">Loading…</p>`;
  if (!auth)
    return html`<${SignIn}
      onSignedIn=${(token: string, s: { role: string; sandbox: boolean }) => {
        sessionStorage.setItem(TOKEN_KEY, token);
        setAuth({ token, ...s });
      }}
    />`;
  return html`<${Dashboard}
    token=${auth.token}
    role=${auth.role}
    sandbox=${auth.sandbox}
    onSignOut=${() => (sessionStorage.removeItem(TOKEN_KEY), setAuth(undefined))}
  />`;
}

render(html`<${App} />`, document.getElementById('app')!);
