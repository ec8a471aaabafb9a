import { MemoryInstanceRepository } from '@zapgate/storage';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InstanceRecord } from '@zapgate/storage';
import { RequestScopedInstances } from './request-scoped-instances.js';

class CountingInstances extends MemoryInstanceRepository {
  failNext = false;
  override async get(key: string) {
    if (this.failNext) {
      this.failNext = false;
      this.reads++;
      throw new Error('store down');
    }
    return super.get(key);
  }
}

const record: InstanceRecord = {
  key: 'shop',
  dialect: 'mega',
  tokenHash: 'ab'.repeat(32),
  createdAt: '2026-11-29T00:00:00.000Z',
  updatedAt: '2026-11-29T00:00:00.000Z',
};

/** Runs `work` inside a request scope; `res.emit('close')` ends the request. */
function inRequest<T>(sut: RequestScopedInstances, work: (res: EventEmitter) => Promise<T>): Promise<T> {
  const res = new EventEmitter();
  return new Promise<T>((resolve, reject) =>
    sut.middleware(
      {} as IncomingMessage,
      res as unknown as ServerResponse,
      () => void work(res).then(resolve, reject),
    ),
  );
}

describe(RequestScopedInstances.name, () => {
  let inner: CountingInstances;
  let sut: RequestScopedInstances;
  beforeEach(async () => {
    inner = new CountingInstances();
    await inner.create(record);
    sut = new RequestScopedInstances(inner);
  });

  it('reads an instance once per request, each caller getting its own copy', async () => {
    const [a, b] = await inRequest(sut, async () => {
      const first = await sut.get('shop');
      return [first, await sut.get('shop')];
    });
    expect(inner.reads).toBe(1);
    expect(a).toEqual(record);
    expect(b).toEqual(record);
    a!.dialect = 'wppconnect';
    expect(b!.dialect).toBe('mega');
    // the next request reads again
    await inRequest(sut, () => sut.get('shop'));
    expect(inner.reads).toBe(2);
  });

  it('reads every time outside a request, and once the response is done', async () => {
    await sut.get('shop');
    await sut.get('shop');
    expect(inner.reads).toBe(2);
    await inRequest(sut, async (res) => {
      await sut.get('shop');
      res.emit('close');
      await sut.get('shop');
    });
    expect(inner.reads).toBe(4);
  });

  it('reads again after a write of the instance in the same request', async () => {
    const after = await inRequest(sut, async () => {
      await sut.get('shop');
      await sut.update('shop', { webhook: { url: 'https://example.com/hook', enabled: true } as never });
      return sut.get('shop');
    });
    expect(inner.reads).toBe(2);
    expect(after?.webhook).toEqual({ url: 'https://example.com/hook', enabled: true });
    await inRequest(sut, async () => {
      expect(await sut.get('shop')).toBeDefined();
      await sut.delete('shop');
      expect(await sut.get('shop')).toBeUndefined();
    });
  });

  it('does not keep a failed read', async () => {
    await inRequest(sut, async () => {
      inner.failNext = true;
      await expect(sut.get('shop')).rejects.toThrow('store down');
      expect(await sut.get('shop')).toEqual(record);
    });
    expect(inner.reads).toBe(2);
  });
});
