/** The manager page's calls: `/manager/api` with the signed-in token, `/sandbox` without. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface InstanceView {
  key: string;
  dialect: 'mega' | 'wppconnect';
  state: string;
  me?: { id: string; name?: string };
  reason?: string;
  qr?: string;
  pairingCode?: string;
  webhook?: { url: string; enabled: boolean; events: string[] };
  hasWebhookSecret: boolean;
  createdAt: string;
}

export interface DeliveryView {
  id: string;
  event: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  url: string;
  createdAt: string;
  updatedAt: string;
  deliveredAt?: string;
  lastStatusCode?: number;
  lastError?: string;
  log: { at: string; statusCode?: number; error?: string; latencyMs?: number }[];
}

export interface PhoneView {
  number: string;
  name: string;
  jid: string;
  online: boolean;
  devices: { id: number; platform: string; online: boolean; linkedAt: string }[];
}

export interface PhoneMessage {
  id: string;
  direction: 'in' | 'out';
  chat: string;
  from: string;
  text: string | null;
  timestamp: number;
  status: string;
}

function messageOf(body: unknown, status: number): string {
  if (body && typeof body === 'object') {
    const m = (body as { message?: unknown }).message;
    if (Array.isArray(m)) return m.join('; ');
    if (typeof m === 'string') return m;
  }
  return `request failed (${status})`;
}

async function request<T>(
  method: string,
  url: string,
  token: string | undefined,
  body?: unknown,
): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new ApiError(res.status, messageOf(parsed, res.status));
  return parsed as T;
}

export function managerApi(token: string) {
  const call = <T>(method: string, path: string, body?: unknown) =>
    request<T>(method, `/manager/api${path}`, token, body);
  const at = (key: string) => `/instances/${encodeURIComponent(key)}`;
  return {
    session: () => call<{ role: string; sandbox: boolean }>('GET', '/session'),
    instances: () => call<InstanceView[]>('GET', '/instances'),
    instance: (key: string) => call<InstanceView>('GET', at(key)),
    create: (key: string, dialect: string) =>
      call<{ instance: InstanceView; token: string }>('POST', '/instances', { key, dialect }),
    connect: (key: string) => call<InstanceView>('POST', `${at(key)}/connect`),
    qr: (key: string) => call<{ qr: string }>('GET', `${at(key)}/qr`),
    pairingCode: (key: string, phone: string) =>
      call<{ code: string }>('POST', `${at(key)}/pairing-code`, { phone }),
    restart: (key: string) => call<InstanceView>('POST', `${at(key)}/restart`),
    logout: (key: string) => call<InstanceView>('POST', `${at(key)}/logout`),
    remove: (key: string) => call<void>('DELETE', at(key)),
    send: (key: string, to: string, text: string) =>
      call<{ id: string }>('POST', `${at(key)}/messages`, { to, text }),
    setWebhook: (key: string, url: string, enabled: boolean, events: string[]) =>
      call<InstanceView>('PUT', `${at(key)}/webhook`, { url, enabled, events }),
    setSecret: (key: string, secret?: string) =>
      call<{ generated?: string }>('POST', `${at(key)}/webhook/secret`, secret ? { secret } : {}),
    deliveries: (key: string, status?: string) =>
      call<DeliveryView[]>('GET', `${at(key)}/deliveries${status ? `?status=${status}` : ''}`),
    replay: (key: string, id: string) =>
      call<{ replayed: number }>('POST', `${at(key)}/deliveries/${encodeURIComponent(id)}/replay`),
    replayRange: (key: string, from: string, to: string) =>
      call<{ replayed: number }>('POST', `${at(key)}/replay`, { from, to }),
  };
}

export type ManagerApi = ReturnType<typeof managerApi>;

/** The simulator's control API (sandbox mode only; it has no token). */
export const sandboxApi = {
  phones: () => request<PhoneView[]>('GET', '/sandbox/phones', undefined),
  createPhone: (number: string, name?: string) =>
    request<PhoneView>('POST', '/sandbox/phones', undefined, { number, ...(name ? { name } : {}) }),
  scan: (number: string, qr: string) =>
    request<unknown>('POST', `/sandbox/phones/${number}/scan`, undefined, { qr }),
  inbox: (number: string) => request<PhoneMessage[]>('GET', `/sandbox/phones/${number}/messages`, undefined),
  send: (number: string, to: string, text: string) =>
    request<PhoneMessage>('POST', `/sandbox/phones/${number}/messages`, undefined, { to, text }),
};
