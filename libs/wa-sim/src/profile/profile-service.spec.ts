import { Curve, type BinaryNode } from '@whiskeysockets/baileys';
import sharp from 'sharp';
import { AccountRegistry } from '../accounts/account-registry.js';
import type { Account } from '../accounts/account.js';
import { GroupService } from '../groups/group-service.js';
import { GroupRegistry } from '../groups/group-registry.js';
import { MediaBlobStore } from '../media/media-blob.store.js';
import { Mailboxes } from '../messaging/mailbox.js';
import { createSimLogger } from '../sim-logger.js';
import { child, node } from '../stanza/nodes.js';
import { ConnectionRegistry } from '../transport/connection-registry.js';
import { DEFAULT_ABOUT, ProfileService } from './profile-service.js';
import { ProfileStore } from './profile-store.js';

const kids = (n: BinaryNode | undefined): BinaryNode[] => (Array.isArray(n?.content) ? n.content : []);
const text = (n: BinaryNode | undefined) => Buffer.from(n?.content as Uint8Array).toString('utf8');

describe(ProfileService.name, () => {
  let blobs: MediaBlobStore;
  beforeAll(async () => {
    blobs = await MediaBlobStore.open();
  });
  afterAll(() => blobs.close());

  function setup() {
    const accounts = new AccountRegistry();
    const device = (id: number) => ({
      id,
      noisePublicKey: Buffer.alloc(32),
      identityKey: Buffer.alloc(33),
      bundle: {
        registration: Buffer.alloc(4),
        identity: Buffer.alloc(33),
        signedPreKey: node('skey'),
        oneTimePreKeys: [],
      },
      platform: 'android',
      linkedAt: 0,
    });
    const make = (number: string, devices: number[]) => {
      const a = accounts.create(number, `N${number}`, Curve.generateKeyPair());
      for (const d of devices) a.addDevice(device(d));
      return a;
    };
    const ana = make('5511960000001', [0, 1]);
    const bia = make('5511960000002', [0]);
    const caio = make('5511960000003', [0]);
    const mailboxes = new Mailboxes(new ConnectionRegistry());
    const groups = new GroupRegistry();
    const logger = createSimLogger();
    const store = new ProfileStore();
    let changes = 0;
    const sut = new ProfileService({
      accounts,
      groups,
      profiles: store,
      mailboxes,
      blobs: () => blobs,
      authority: () => 'media.sim:443',
      logger,
      changed: () => changes++,
    });
    const groupService = new GroupService(accounts, groups, mailboxes, logger);
    const picture = (
      actor: Account,
      type: 'get' | 'set',
      attrs: Record<string, string>,
      content?: BinaryNode[],
    ) =>
      sut.onPictureIq(
        { account: actor, device: 0 },
        node('iq', { id: 'p1', to: 's.whatsapp.net', type, xmlns: 'w:profile:picture', ...attrs }, content),
      );
    const queued = (a: Account, d = 0) => mailboxes.drain(a.number, d);
    return { ana, bia, caio, store, sut, groupService, picture, queued, changes: () => changes };
  }
  const jpeg = (colour: string) =>
    sharp({ create: { width: 640, height: 640, channels: 3, background: colour } })
      .jpeg()
      .toBuffer();
  const errorOf = (reply: BinaryNode) => child(reply, 'error')?.attrs;

  it('answers 404 until a picture is set, then its URL; a new set changes the id', async () => {
    const { ana, bia, picture, changes } = setup();
    const asked = [node('picture', { type: 'image', query: 'url' })];
    expect(errorOf(await picture(bia, 'get', { target: ana.pnJid }, asked))).toEqual({
      code: '404',
      text: 'item-not-found',
    });

    const set = await picture(ana, 'set', {}, [node('picture', { type: 'image' }, await jpeg('#ff0000'))]);
    expect(set.attrs['type']).toBe('result');
    const id = child(set, 'picture')!.attrs['id']!;
    expect(changes()).toBeGreaterThan(0);

    const byLid = await picture(bia, 'get', { target: ana.lidJid }, asked);
    expect(child(byLid, 'picture')!.attrs).toMatchObject({
      id,
      type: 'image',
      url: expect.stringMatching(/^https:\/\/media\.sim:443\/pp\/[0-9a-f]{32}\.jpg$/),
    });
    const preview = await picture(bia, 'get', { target: ana.pnJid }, [node('picture', { type: 'preview' })]);
    expect(child(preview, 'picture')!.attrs['type']).toBe('preview');
    expect(child(preview, 'picture')!.attrs['url']).not.toBe(child(byLid, 'picture')!.attrs['url']);

    const again = await picture(ana, 'set', {}, [node('picture', { type: 'image' }, await jpeg('#00ff00'))]);
    expect(child(again, 'picture')!.attrs['id']).not.toBe(id);
  });

  it("notifies every account's devices but the one that changed it; a remove answers 404 after", async () => {
    const { ana, bia, caio, picture, queued } = setup();
    await picture(ana, 'set', {}, [node('picture', { type: 'image' }, await jpeg('#0000ff'))]);
    expect(queued(ana, 0)).toEqual([]);
    for (const [a, d] of [
      [ana, 1],
      [bia, 0],
      [caio, 0],
    ] as const) {
      const [n] = queued(a, d);
      expect(n).toMatchObject({ tag: 'notification', attrs: { type: 'picture', from: ana.pnJid } });
      expect(kids(n)[0]).toMatchObject({ tag: 'set', attrs: { jid: ana.pnJid, author: ana.pnJid } });
    }
    await picture(ana, 'set', {});
    expect(kids(queued(bia)[0])[0]).toMatchObject({ tag: 'delete', attrs: { jid: ana.pnJid } });
    expect(errorOf(await picture(bia, 'get', { target: ana.pnJid }))).toMatchObject({ code: '404' });
  });

  it("a group's picture: admins only (401 for members, 403 for others, 404 for no group); members are told", async () => {
    const { ana, bia, caio, picture, queued, groupService } = setup();
    const created = await groupService.onIq(
      { account: ana, device: 0 },
      node('iq', { id: 'g', to: '@g.us', type: 'set', xmlns: 'w:g2' }, [
        node('create', { subject: 'Team', key: 'k' }, [node('participant', { jid: bia.pnJid })]),
      ]),
    );
    const group = `${kids(created)[0]!.attrs['id']}@g.us`;
    queued(bia);
    queued(ana, 1);
    const image = [node('picture', { type: 'image' }, await jpeg('#888888'))];
    expect(errorOf(await picture(bia, 'set', { target: group }, image))).toMatchObject({ code: '401' });
    expect(errorOf(await picture(caio, 'set', { target: group }, image))).toMatchObject({ code: '403' });
    expect(errorOf(await picture(ana, 'set', { target: '1203630000@g.us' }, image))).toMatchObject({
      code: '404',
    });
    expect(errorOf(await picture(ana, 'set', { target: bia.pnJid }, image))).toMatchObject({ code: '401' });

    const set = await picture(ana, 'set', { target: group }, image);
    expect(set.attrs['type']).toBe('result');
    const [n] = queued(bia);
    expect(n).toMatchObject({ tag: 'notification', attrs: { type: 'picture', from: group } });
    expect(queued(caio)).toEqual([]);
    expect(child(await picture(bia, 'get', { target: group }), 'picture')!.attrs['url']).toMatch(/\/pp\//);
  });

  it('refuses what is not an image (400)', async () => {
    const { ana, picture } = setup();
    const reply = await picture(ana, 'set', {}, [
      node('picture', { type: 'image' }, Buffer.from('not a jpeg')),
    ]);
    expect(errorOf(reply)).toEqual({ code: '400', text: 'bad-request' });
  });

  it("keeps the about text usync answers (WhatsApp's default until one is set)", () => {
    const { ana, sut } = setup();
    expect(text(sut.statusNode(ana))).toBe(DEFAULT_ABOUT);
    const reply = sut.onStatusIq(
      { account: ana, device: 1 },
      node('iq', { id: 's', type: 'set', xmlns: 'status' }, [node('status', {}, Buffer.from('Busy'))]),
    );
    expect(reply.attrs['type']).toBe('result');
    const status = sut.statusNode(ana);
    expect(text(status)).toBe('Busy');
    expect(Number(status.attrs['t'])).toBeGreaterThan(0);
    const tooLong = sut.onStatusIq(
      { account: ana, device: 1 },
      node('iq', { id: 's', type: 'set', xmlns: 'status' }, [
        node('status', {}, Buffer.from('x'.repeat(140))),
      ]),
    );
    expect(errorOf(tooLong)).toMatchObject({ code: '400' });
  });

  it('answers business profiles of business accounts only; only they may edit theirs', () => {
    const { ana, bia, sut } = setup();
    const biz = (actor: Account, type: 'get' | 'set', content: BinaryNode[]) =>
      sut.onBizIq(
        { account: actor, device: 0 },
        node('iq', { id: 'b', type, xmlns: 'w:biz' }, [node('business_profile', { v: '244' }, content)]),
      );
    const ask = (who: Account) => biz(ana, 'get', [node('profile', { jid: who.pnJid })]);
    expect(kids(child(ask(bia), 'business_profile'))).toEqual([]);
    expect(errorOf(biz(bia, 'set', [node('description', {}, 'x')]))).toMatchObject({ code: '403' });

    sut.setBusiness(bia, { description: 'Cakes', websites: [], category: { id: '1', name: 'Bakery' } });
    const edited = biz(bia, 'set', [
      node('email', {}, 'bia@cakes.example'),
      node('website', {}, 'https://cakes.example'),
    ]);
    expect(edited.attrs['type']).toBe('result');
    const profile = child(child(ask(bia), 'business_profile'), 'profile')!;
    expect(profile.attrs['jid']).toBe(bia.pnJid);
    expect(text(child(profile, 'description'))).toBe('Cakes');
    expect(text(child(profile, 'email'))).toBe('bia@cakes.example');
    expect(text(child(profile, 'website'))).toBe('https://cakes.example');
    expect(text(child(child(profile, 'categories'), 'category'))).toBe('Bakery');
  });

  it('keeps everything across a restart (toState / restore)', async () => {
    const { ana, store, sut, picture } = setup();
    await picture(ana, 'set', {}, [node('picture', { type: 'image' }, await jpeg('#123456'))]);
    sut.setAbout(ana, 'Saved');
    const copy = new ProfileStore();
    copy.restore(JSON.parse(JSON.stringify(store.toState())));
    expect(copy.get(ana.pnJid)).toEqual(store.get(ana.pnJid));
    expect(Number(copy.nextPictureId())).toBeGreaterThan(Number(store.get(ana.pnJid)!.picture!.id));
  });
});
