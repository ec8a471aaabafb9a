import { MemoryInstanceRepository } from '@zapgate/storage';
import { ErrorCode } from '@zapgate/contracts';
import { FakeShard } from './fake-shard.fixture.js';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';
import { InstanceService } from './instance.service.js';

describe(InstanceService.name, () => {
  let shard: FakeShard;
  let instances: MemoryInstanceRepository;
  let sut: InstanceService;

  beforeEach(async () => {
    shard = await FakeShard.start();
    instances = new MemoryInstanceRepository();
    const registry = new InstanceRegistry(instances);
    sut = new InstanceService(registry, new InstanceClient(shard.bus, shard.settings));
    await registry.create('shop', 'mega');
    await registry.create('store', 'wppconnect');
  });

  describe('status', () => {
    it("answers the shard's status of an instance", async () => {
      shard.state('connected', { me: { id: '5511999999999@s.whatsapp.net' } });
      expect(await sut.status('shop')).toMatchObject({ instance: 'shop', state: 'connected' });
      expect(shard.received).toEqual([{ verb: 'get-status', request: { instance: 'shop' } }]);
    });

    it('refuses an unknown instance without asking a shard', async () => {
      shard.state('connected');
      await expect(sut.status('nope')).rejects.toMatchObject({ code: ErrorCode.InstanceNotFound });
      expect(await sut.statusIfExists('nope')).toBeUndefined();
      expect(shard.received).toEqual([]);
    });

    it('lists the statuses of one dialect only', async () => {
      shard.state('qr');
      expect((await sut.statuses('mega')).map((s) => s.instance)).toEqual(['shop']);
      expect(await sut.keys('wppconnect')).toEqual(['store']);
    });
  });

  describe('requireConnected', () => {
    it.each(['stopped', 'connecting', 'qr', 'logged-out'] as const)(
      'refuses a %s instance',
      async (state) => {
        shard.state(state);
        await expect(sut.requireConnected('store')).rejects.toMatchObject({ code: ErrorCode.NotConnected });
      },
    );

    it('refuses an instance that does not exist as not connected (a session never started)', async () => {
      await expect(sut.requireConnected('never')).rejects.toMatchObject({ code: ErrorCode.NotConnected });
    });

    it('answers the status of a connected instance', async () => {
      shard.state('connected', { me: { id: '5511999999999@s.whatsapp.net' } });
      expect((await sut.requireConnected('store')).me?.id).toBe('5511999999999@s.whatsapp.net');
    });
  });

  describe('qr', () => {
    it('connects and answers the QR the connection shows', async () => {
      shard.state('qr', { qr: '2@abc' });
      expect(await sut.qr('shop')).toBe('2@abc');
      expect(shard.verbs()).toEqual(['connect']);
    });

    it('asks for the QR when the connection answered without one', async () => {
      shard.state('connecting').answer('get-qr', () => ({ qr: '2@later' }));
      expect(await sut.qr('shop')).toBe('2@later');
      expect(shard.verbs()).toEqual(['connect', 'get-qr']);
    });

    it('refuses a connected instance with already_connected', async () => {
      shard.state('connected');
      await expect(sut.qr('shop')).rejects.toMatchObject({ code: ErrorCode.AlreadyConnected });
    });
  });

  describe('pairingCode', () => {
    it('connects for the phone and answers the code it shows', async () => {
      shard.state('pairing-code', { pairingCode: 'ABCD-1234' });
      expect(await sut.pairingCode('shop', '5511999999999')).toBe('ABCD-1234');
      expect(shard.received).toEqual([
        { verb: 'connect', request: { instance: 'shop', pairingPhone: '5511999999999' } },
      ]);
    });

    it('asks for a code when the connection shows none', async () => {
      shard.state('connecting').answer('request-pairing-code', (r) => ({ code: `code-for-${r.phone}` }));
      expect(await sut.pairingCode('shop', '5511999999999')).toBe('code-for-5511999999999');
    });
  });

  describe('logout', () => {
    it('unlinks a connected instance', async () => {
      shard
        .state('connected')
        .answer('logout', (r) => ({ instance: r.instance, state: 'logged-out', updatedAt: '' }));
      await sut.logout('shop');
      expect(shard.verbs()).toEqual(['get-status', 'logout']);
    });

    it('refuses one that is not connected, and sends no logout', async () => {
      shard.state('stopped');
      await expect(sut.logout('shop')).rejects.toMatchObject({ code: ErrorCode.NotConnected });
      await expect(sut.logout('nope')).rejects.toMatchObject({ code: ErrorCode.InstanceNotFound });
      expect(shard.verbs()).not.toContain('logout');
    });
  });

  describe('delete', () => {
    const stopped = (r: { instance: string }) => ({
      instance: r.instance,
      state: 'stopped' as const,
      updatedAt: '',
    });

    it('logs a connected instance out, then forgets it', async () => {
      shard.state('connected').answer('logout', stopped);
      await sut.delete('shop');
      expect(shard.verbs()).toEqual(['get-status', 'logout']);
      expect(await instances.get('shop')).toBeUndefined();
    });

    it('closes one that is not connected, then forgets it', async () => {
      shard.state('qr').answer('close', stopped);
      await sut.delete('shop');
      expect(shard.verbs()).toEqual(['get-status', 'close']);
      expect(await instances.get('shop')).toBeUndefined();
    });

    it('keeps the record when the shard fails', async () => {
      shard.state('connected');
      await expect(sut.delete('shop')).rejects.toMatchObject({ code: ErrorCode.NotImplemented });
      expect(await instances.get('shop')).toBeDefined();
    });
  });

  it('restarts and closes through the shard, only known instances', async () => {
    shard.answer('restart', (r) => ({ instance: r.instance, state: 'connecting', updatedAt: '' }));
    shard.answer('close', (r) => ({ instance: r.instance, state: 'stopped', updatedAt: '' }));
    expect((await sut.restart('shop')).state).toBe('connecting');
    expect((await sut.close('store')).state).toBe('stopped');
    await expect(sut.restart('nope')).rejects.toMatchObject({ code: ErrorCode.InstanceNotFound });
    expect(shard.verbs()).toEqual(['restart', 'close']);
  });

  it('starts every instance of a dialect without waiting for them', async () => {
    const connected = new Promise<string>((resolve) =>
      shard.answer('connect', (r) => {
        resolve(r.instance);
        return { instance: r.instance, state: 'connecting', updatedAt: '' };
      }),
    );
    await sut.startAll('wppconnect');
    expect(await connected).toBe('store');
    expect(shard.received).toEqual([{ verb: 'connect', request: { instance: 'store' } }]);
  });
});
