import { MemoryInstanceRepository } from '@zapgate/storage';
import { ErrorCode, type MediaReference } from '@zapgate/contracts';
import type { GroupsService } from './groups.service.js';
import type { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';
import type { MediaService } from './media.service.js';
import { ProfileService } from './profile.service.js';

const media: MediaReference = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  size: 10,
  mime: 'image/png',
  sha256: 'a'.repeat(64),
};
const ME = '5511999990001@s.whatsapp.net';
const G1 = '120363000000000001@g.us';

type Call = [string, Record<string, unknown>];

describe(ProfileService.name, () => {
  async function setup() {
    const registry = new InstanceRegistry(new MemoryInstanceRepository());
    await registry.create('shop', 'mega');
    const sent: Call[] = [];
    const called: Call[] = [];
    const discarded: MediaReference[] = [];
    const taken: unknown[] = [];
    const client = {
      send: async (verb: string, request: Record<string, unknown>) => {
        sent.push([verb, request]);
        if (verb === 'get-status')
          return { instance: 'shop', state: 'connected', me: { id: ME, lid: '123456789@lid' } };
        if (verb === 'get-business-profile') return { jid: request['jid'], business: false };
        return { jid: ME };
      },
    };
    const groups = {
      call: async (verb: string, request: Record<string, unknown>) => {
        called.push([verb, request]);
        return { group: request['group'] };
      },
    };
    const files = {
      take: async (...args: unknown[]) => (taken.push(args), media),
      discard: async (m: MediaReference) => void discarded.push(m),
    };
    const sut = new ProfileService(
      registry,
      client as unknown as InstanceClient,
      groups as unknown as GroupsService,
      files as unknown as MediaService,
    );
    const sets = () => sent.filter(([verb]) => verb === 'set-profile-picture');
    return { sut, sent, called, discarded, taken, sets };
  }

  it("sets this account's picture on the owning shard (no target, or its own number or LID)", async () => {
    const { sut, called, discarded, sets } = await setup();
    await sut.setPicture('shop', media);
    await sut.setPicture('shop', media, ME);
    await sut.setPicture('shop', media, '123456789@lid');
    expect(sets()).toEqual(Array(3).fill(['set-profile-picture', { instance: 'shop', media }]));
    expect(called).toEqual([]);
    expect(discarded).toHaveLength(3);
  });

  it("sends a group's picture through the groups service", async () => {
    const { sut, called, discarded, sets } = await setup();
    await sut.setPicture('shop', media, G1);
    expect(called).toEqual([['set-group-picture', { instance: 'shop', group: G1, media }]]);
    expect(sets()).toEqual([]);
    expect(discarded).toEqual([media]);
  });

  it("refuses someone else's number, and deletes the file whatever happened", async () => {
    const { sut, discarded, sets } = await setup();
    await expect(sut.setPicture('shop', media, '5511999990002@s.whatsapp.net')).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
    expect(sets()).toEqual([]);
    expect(discarded).toEqual([media]);
    await expect(sut.setPicture('nobody', media)).rejects.toMatchObject({ code: ErrorCode.InstanceNotFound });
    expect(discarded).toHaveLength(2);
  });

  it('takes a picture in as an image; reads and edits business profiles on the shard', async () => {
    const { sut, sent, taken } = await setup();
    expect(await sut.takePicture({ url: 'https://a.example/p.png' })).toBe(media);
    expect(taken).toEqual([[{ url: 'https://a.example/p.png' }, 'image']]);
    expect(await sut.businessProfile('shop', ME)).toBeUndefined();
    await sut.editBusinessProfile('shop', { email: 'a@b.example' });
    expect(sent).toContainEqual([
      'set-business-profile',
      { instance: 'shop', profile: { email: 'a@b.example' } },
    ]);
  });
});
