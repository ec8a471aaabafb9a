import type { GroupMetadata } from '@whiskeysockets/baileys';
import { GroupMetadataCache } from './group-metadata-cache.js';
import { requireGroup } from './group-send.js';

/** What Baileys throws: a Boom with `output.statusCode` and `data`. */
const boom = (message: string, statusCode: number, data?: unknown) =>
  Object.assign(new Error(message), { isBoom: true, output: { statusCode }, data });

const failingWith = (err: unknown) => ({ groupMetadata: () => Promise.reject(err) });
const JID = '120363042378568057@g.us';

describe(requireGroup.name, () => {
  it('answers the metadata when WhatsApp knows the group', async () => {
    const metadata = { id: JID, participants: [] } as unknown as GroupMetadata;
    const sut = requireGroup({ groupMetadata: async () => metadata }, JID);
    await expect(sut).resolves.toBe(metadata);
  });

  it('asks WhatsApp once while the group is cached, and again once it changed', async () => {
    const metadata = { id: JID, participants: [] } as unknown as GroupMetadata;
    let asked = 0;
    const groupMetadata = async () => (asked++, metadata);
    const cache = new GroupMetadataCache();
    await requireGroup({ groupMetadata }, JID, cache);
    await expect(requireGroup({ groupMetadata }, JID, cache)).resolves.toBe(metadata);
    expect(asked).toBe(1);
    cache.forget(JID);
    await requireGroup({ groupMetadata }, JID, cache);
    expect(asked).toBe(2);
  });

  it('answers group_not_found through the cache and keeps nothing', async () => {
    const cache = new GroupMetadataCache();
    const err = boom('forbidden', 500, 403);
    await expect(requireGroup(failingWith(err), JID, cache)).rejects.toMatchObject({
      code: 'group_not_found',
    });
    expect(cache.peek(JID)).toBeUndefined();
  });

  it.each([
    ['an iq error 404 (item-not-found)', boom('item-not-found', 500, 404)],
    ['an iq error 403 (forbidden)', boom('forbidden', 500, 403)],
    ['an error node in the reply (401)', boom('not-authorized', 401, { tag: 'error' })],
    [
      'a reply without a <group> (the simulator)',
      boom('Invalid group metadata response', 500, { tag: 'iq' }),
    ],
  ])('answers group_not_found for %s', async (_, err) => {
    await expect(requireGroup(failingWith(err), JID)).rejects.toMatchObject({
      code: 'group_not_found',
      message: expect.stringContaining(JID),
    });
  });

  it.each([
    ['a timeout', boom('Timed Out', 408, { startTime: 1 })],
    ['a closed connection', boom('Connection Closed', 428)],
    ['a server error', boom('internal-server-error', 500, 500)],
    ['a bug', new TypeError('x is undefined')],
  ])('keeps %s as it is', async (_, err) => {
    await expect(requireGroup(failingWith(err), JID)).rejects.toBe(err);
  });
});
