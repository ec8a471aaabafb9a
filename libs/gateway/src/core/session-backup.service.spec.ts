import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError, ErrorCode, type ConnectionState } from '@zapgate/contracts';
import { openEmbeddedStorage, type AuthEntry, type EmbeddedStorage } from '@zapgate/storage';
import { newDataKey, WebhookSecretBox } from '@zapgate/webhook-core';
import type { InstanceClient } from './instance-client.js';
import { SessionBackupService } from './session-backup.service.js';
import type { WebhookGatewaySettings } from './webhook-config.service.js';

const PAIRED = '{"me":{"id":"5511999990001:3@s.whatsapp.net"},"registered":true}';
const sorted = (entries: AuthEntry[]) =>
  [...entries].sort((a, b) => `${a.type}/${a.id}`.localeCompare(`${b.type}/${b.id}`));

/** A gateway's view of one zapgate: its store, its data key, and a shard answering commands. */
async function zapgate(dirs: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'zg-backup-'));
  dirs.push(dir);
  const storage = await openEmbeddedStorage(dir);
  const secrets = new WebhookSecretBox(newDataKey());
  const states = new Map<string, ConnectionState>();
  const sent: [string, string][] = [];
  const client = {
    send: async (verb: string, request: { instance: string }) => {
      sent.push([verb, request.instance]);
      return { instance: request.instance, state: states.get(request.instance) ?? 'stopped' };
    },
  } as unknown as InstanceClient;
  const sut = new SessionBackupService(storage.instances, storage.auth, client, {
    secrets,
  } as unknown as WebhookGatewaySettings);
  return { storage, secrets, states, sent, sut };
}

async function seed(storage: EmbeddedStorage, secrets: WebhookSecretBox) {
  const at = '2026-01-01T00:00:00.000Z';
  await storage.instances.create({
    key: 'store',
    dialect: 'wppconnect',
    webhook: { url: 'https://hooks.example.com/a', enabled: true },
    webhookSecret: secrets.seal('store', 'the-store-signing-secret'),
    account: { id: '5511999990001@s.whatsapp.net' },
    createdAt: at,
    updatedAt: at,
  });
  await storage.auth.write('store', [
    { type: 'creds', id: 'creds', value: PAIRED },
    { type: 'session', id: '5511999990002.0', value: '"ratchet"' },
  ]);
  // created after "store": listed (and backed up, and restored) after it
  const later = '2026-01-02T00:00:00.000Z';
  await storage.instances.create({ key: 'idle', dialect: 'wppconnect', createdAt: later, updatedAt: later });
  await storage.instances.create({ key: 'megashop', dialect: 'mega', createdAt: at, updatedAt: at });
  await storage.auth.write('megashop', [{ type: 'creds', id: 'creds', value: PAIRED }]);
}

describe(SessionBackupService.name, () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it("restores a dialect's sessions on another store with another data key, and starts the paired ones", async () => {
    const a = await zapgate(dirs);
    await seed(a.storage, a.secrets);
    const zip = await a.sut.backup('wppconnect');

    const b = await zapgate(dirs);
    expect(await b.sut.restore('wppconnect', zip)).toEqual(['store', 'idle']);
    const store = (await b.storage.instances.get('store'))!;
    expect(store).toMatchObject({
      dialect: 'wppconnect',
      webhook: { url: 'https://hooks.example.com/a', enabled: true },
      account: { id: '5511999990001@s.whatsapp.net' },
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    // sealed again under B's key
    expect(b.secrets.open('store', store.webhookSecret!)).toBe('the-store-signing-secret');
    expect(() => a.secrets.open('store', store.webhookSecret!)).toThrow();
    expect(sorted(await b.storage.auth.entries('store'))).toEqual(
      sorted(await a.storage.auth.entries('store')),
    );
    expect(await b.storage.instances.get('megashop')).toBeUndefined(); // another dialect's
    expect(b.sent.filter(([verb]) => verb === 'connect')).toEqual([['connect', 'store']]);
  });

  it('refuses a session open here (409) or a name another dialect holds, writing nothing', async () => {
    const a = await zapgate(dirs);
    await seed(a.storage, a.secrets);
    const zip = await a.sut.backup('wppconnect');

    const b = await zapgate(dirs);
    await b.storage.instances.create({
      key: 'idle',
      dialect: 'wppconnect',
      createdAt: '2026-02-02T00:00:00.000Z',
      updatedAt: '2026-02-02T00:00:00.000Z',
    });
    b.states.set('idle', 'connected');
    await expect(b.sut.restore('wppconnect', zip)).rejects.toMatchObject({
      code: ErrorCode.InstanceExists,
      message: expect.stringContaining('idle exists here and is connected'),
    });
    expect(await b.storage.instances.get('store')).toBeUndefined();
    expect(await b.storage.auth.count('store')).toBe(0);

    b.states.set('idle', 'logged-out'); // closed: restored over
    await b.storage.instances.delete('store');
    await b.storage.instances.create({
      key: 'store',
      dialect: 'mega',
      createdAt: '2026-02-02T00:00:00.000Z',
      updatedAt: '2026-02-02T00:00:00.000Z',
    });
    await expect(b.sut.restore('wppconnect', zip)).rejects.toMatchObject({
      code: ErrorCode.InstanceExists,
      message: expect.stringContaining('belongs to a mega instance'),
    });
    expect((await b.storage.instances.get('idle'))!.createdAt).toBe('2026-02-02T00:00:00.000Z');
  });

  it('puts everything back when a write fails midway', async () => {
    const a = await zapgate(dirs);
    await seed(a.storage, a.secrets);
    const zip = await a.sut.backup('wppconnect');

    const b = await zapgate(dirs);
    // "idle" exists here, closed, with its own keys and webhook
    await b.storage.instances.create({
      key: 'idle',
      dialect: 'wppconnect',
      webhook: { url: 'https://hooks.example.com/b', enabled: true },
      createdAt: '2026-02-02T00:00:00.000Z',
      updatedAt: '2026-02-02T00:00:00.000Z',
    });
    const before = [{ type: 'creds', id: 'creds', value: '{"me":{"id":"b"}}' }];
    await b.storage.auth.write('idle', before);
    // the store fails on the second session's record ("store" is written by then)
    const update = b.storage.instances.update.bind(b.storage.instances);
    let updates = 0;
    b.storage.instances.update = async (key, patch) => {
      if (updates++ === 0) throw new Error('disk full');
      return update(key, patch);
    };
    await expect(b.sut.restore('wppconnect', zip)).rejects.toThrow('disk full');
    expect(await b.storage.instances.get('store')).toBeUndefined();
    expect(await b.storage.auth.entries('store')).toEqual([]);
    expect(await b.storage.auth.entries('idle')).toEqual(before);
    expect((await b.storage.instances.get('idle'))!.webhook).toEqual({
      url: 'https://hooks.example.com/b',
      enabled: true,
    });
    expect(b.sent.filter(([verb]) => verb === 'connect')).toEqual([]);
  });

  it('refuses a bad archive as a validation error', async () => {
    const b = await zapgate(dirs);
    await expect(b.sut.restore('wppconnect', new Uint8Array([1, 2, 3]))).rejects.toEqual(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
    const a = await zapgate(dirs);
    await seed(a.storage, a.secrets);
    // a mega backup does not restore through the WPPConnect route
    const mega = await a.sut.backup('mega');
    const err = await b.sut.restore('wppconnect', mega).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).message).toMatch(/megashop in the archive is a mega instance/);
  });

  it('clears a session: logged out, keys and record deleted; absent ones need nothing; other dialects are not found', async () => {
    const a = await zapgate(dirs);
    await seed(a.storage, a.secrets);
    await a.sut.clear('wppconnect', 'store');
    expect(a.sent).toContainEqual(['logout', 'store']);
    expect(await a.storage.instances.get('store')).toBeUndefined();
    expect(await a.storage.auth.count('store')).toBe(0);
    await expect(a.sut.clear('wppconnect', 'nobody')).resolves.toBeUndefined();
    await expect(a.sut.clear('wppconnect', 'megashop')).rejects.toMatchObject({
      code: ErrorCode.InstanceNotFound,
    });
    expect(await a.storage.auth.count('megashop')).toBe(1);
  });
});
