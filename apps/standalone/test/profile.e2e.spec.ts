import { createServer, type Server } from 'node:http';
import { get } from 'node:https';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { addPhones, pairMega, pairWpp, poll, startSandbox, type Http } from './standalone-harness.js';

// Profiles end to end against the sandbox, in both dialects: pictures (this account's and a
// group's) set through zapgate and seen by the simulated phones' own WhatsApp clients, phones'
// pictures read through zapgate (the same bytes, from the simulator's media host), about texts both
// ways, the push name, business profiles, and the dialects' 4xx for bad input.

const SHOP = '5511975000001'; // mega instance `shop`
const STORE = '5511975000002'; // WPPConnect session `store`
const ANA = '5511975000003';
const BIA = '5511975000004'; // a business account
const jid = (n: string) => `${n}@s.whatsapp.net`;

/** A PNG of a solid colour (noise: incompressible, to make large files). */
const png = (colour: string, size = 64, noise = false): Promise<Buffer> =>
  noise
    ? sharp(Buffer.from(Array.from({ length: size * size * 3 }, () => Math.floor(Math.random() * 256))), {
        raw: { width: size, height: size, channels: 3 },
      })
        .png()
        .toBuffer()
    : sharp({ create: { width: size, height: size, channels: 3, background: colour } })
        .png()
        .toBuffer();

interface PhoneProfile {
  jid: string;
  picture: { id: string; url: string; mimetype: string; data: string } | null;
  about: { text: string; setAt?: string } | null;
  business: {
    description: string;
    address?: string;
    email?: string;
    websites: string[];
    category?: string;
  } | null;
  notified: { change: 'changed' | 'removed'; at: string } | null;
}

describe('profiles, standalone sandbox over HTTP', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  let megaToken: string;
  let wppToken: string;
  let files: Server;
  let filesUrl: string;
  const served = new Map<string, { type: string; body: Buffer }>();
  const wpp = (method: string, path: string, body?: unknown): Promise<Http> =>
    h.call(method, `/api/store/${path}`, body, wppToken);
  const mega = (method: string, path: string, body?: unknown): Promise<Http> =>
    h.call(method, path, body, megaToken);
  /** A multipart upload of `file` to a WPPConnect route. */
  const upload = async (path: string, file?: Buffer, fields: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    if (file) form.append('file', new Blob([new Uint8Array(file)], { type: 'image/png' }), 'picture.png');
    const res = await fetch(`${h.zg.url}/api/store/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${wppToken}` },
      body: form,
    });
    return { status: res.status, body: await res.json() };
  };
  /** What a phone's own client sees of `who` (a number or a group jid). */
  const seenBy = async (phone: string, who: string): Promise<PhoneProfile> => {
    const r = await h.call('GET', `/sandbox/phones/${phone}/profiles/${encodeURIComponent(who)}`);
    expect(r.status).toBe(200);
    return r.body as PhoneProfile;
  };
  /** Downloads a picture URL from the simulator's media host (trusting its CA, as clients are told to). */
  const download = (url: string) =>
    new Promise<Buffer>((resolve, reject) => {
      get(url, { ca: h.zg.sim!.mediaCaPem, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks))
            : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      }).on('error', reject);
    });
  /** Waits until the phone sees a picture of `who` other than `before` (its id changes on every set). */
  const newPictureSeen = (phone: string, who: string, before?: string) =>
    poll(`${phone} to see a new picture of ${who}`, async () => {
      const seen = await seenBy(phone, who);
      return seen.picture && seen.picture.id !== before ? seen : undefined;
    });

  beforeAll(async () => {
    h = await startSandbox({ MEDIA_MAX_IMAGE_SIZE: '256kb' });
    files = createServer((req, res) => {
      const file = served.get(req.url ?? '');
      if (!file) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length }).end(file.body);
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    await addPhones(h, [
      [SHOP, 'Shop'],
      [STORE, 'Store'],
      [ANA, 'Ana'],
      [BIA, 'Bia'],
    ]);
    megaToken = await pairMega(h, SHOP);
    wppToken = await pairWpp(h, STORE);
  }, 120_000);
  afterAll(async () => {
    files?.closeAllConnections();
    await new Promise<void>((resolve) => (files ? files.close(() => resolve()) : resolve()));
    await h?.close();
  });

  it('WPPConnect set-profile-pic: a phone sees the new picture (notified), the same bytes zapgate answers', async () => {
    const before = (await seenBy(ANA, STORE)).picture?.id;
    const set = await upload('set-profile-pic', await png('#d81b60'));
    expect(set).toEqual({
      status: 200,
      body: { status: 'success', response: { message: 'Profile photo successfully changed' } },
    });

    const seen = await newPictureSeen(ANA, STORE, before);
    expect(seen.picture!.mimetype).toBe('image/jpeg');
    const bytes = Buffer.from(seen.picture!.data, 'base64');
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8])); // Baileys' 640 px JPEG
    expect((await sharp(bytes).metadata()).width).toBe(640);
    await poll('the picture notification on the phone', async () =>
      (await seenBy(ANA, STORE)).notified?.change === 'changed' ? true : undefined,
    );

    // the session reads its own picture; the mega instance reads the store's: the same file
    const own = await wpp('GET', `profile-pic/${STORE}`);
    expect(own).toMatchObject({
      status: 200,
      body: { status: 'success', response: { imgFull: expect.any(String) } },
    });
    expect(await download(own.body.response.imgFull)).toEqual(bytes);
    expect((await sharp(await download(own.body.response.img)).metadata()).width).toBe(96);
    const other = await mega('GET', `/rest/instance/getProfilePicture/shop?to=${jid(STORE)}&type=image`);
    expect(other.body).toEqual({ error: false, data: seen.picture!.url });
    expect(await download(other.body.data)).toEqual(bytes);
    // the small one is the server's 96 px preview
    const icon = await mega('GET', `/rest/instance/getProfilePicture/shop?to=${jid(STORE)}&type=icon`);
    expect((await sharp(await download(icon.body.data)).metadata()).width).toBe(96);
  });

  it("a phone's own picture reads the same through both dialects; removing it answers none", async () => {
    const set = await h.call('PUT', `/sandbox/phones/${ANA}/profile/picture`, {
      data: `data:image/png;base64,${(await png('#43a047', 800)).toString('base64')}`,
    });
    expect(set.status).toBe(200);
    const bytes = Buffer.from((set.body as PhoneProfile).picture!.data, 'base64');

    const viaWpp = await wpp('GET', `profile-pic/${ANA}`);
    expect(await download(viaWpp.body.response.imgFull)).toEqual(bytes);
    expect(viaWpp.body.response.id._serialized).toBe(`${ANA}@c.us`);
    const viaMega = await mega('GET', `/rest/instance/getProfilePicture/shop?to=${jid(ANA)}&type=image`);
    expect(await download(viaMega.body.data)).toEqual(bytes);

    expect((await h.call('DELETE', `/sandbox/phones/${ANA}/profile/picture`)).status).toBe(200);
    expect(
      (await mega('GET', `/rest/instance/getProfilePicture/shop?to=${jid(ANA)}&type=image`)).body,
    ).toEqual({
      error: false,
      data: null,
    });
    const none = await wpp('GET', `profile-pic/${ANA}`);
    expect(none.body.response.imgFull).toBeUndefined();
  });

  it('mega setProfilePictureUrl: own picture from a URL, then a group it administers; members see both', async () => {
    served.set('/logo.png', { type: 'image/png', body: await png('#1e88e5') });
    const before = (await seenBy(ANA, SHOP)).picture?.id;
    const own = await mega('POST', '/rest/instance/setProfilePictureUrl/shop', {
      messageData: { to: jid(SHOP), url: `${filesUrl}/logo.png` },
    });
    expect(own).toEqual({
      status: 200,
      body: { error: false, message: 'Profile picture updated' },
      headers: expect.anything(),
    });
    const seen = await newPictureSeen(ANA, SHOP, before);
    const read = await mega('GET', `/rest/instance/getProfilePicture/shop?to=${jid(SHOP)}&type=image`);
    expect(await download(read.body.data)).toEqual(Buffer.from(seen.picture!.data, 'base64'));

    // a group the shop created (its super admin): every member's client is told, and reads it
    const created = await mega('POST', '/rest/group/shop/create', {
      group_data: { group_name: 'Shop team', participants: [jid(ANA)] },
    });
    expect(created.status).toBe(200);
    const group: string = created.body.data.id;
    expect(group).toMatch(/@g\.us$/);
    served.set('/team.png', { type: 'image/png', body: await png('#fdd835') });
    const groupPic = await mega('POST', '/rest/instance/setProfilePictureUrl/shop', {
      messageData: { to: group, url: `${filesUrl}/team.png` },
    });
    expect(groupPic.status).toBe(200);
    const member = await newPictureSeen(ANA, group);
    await poll('the group picture notification on the member phone', async () =>
      (await seenBy(ANA, group)).notified?.change === 'changed' ? true : undefined,
    );
    const viaMega = await mega('GET', `/rest/instance/getProfilePicture/shop?to=${group}&type=image`);
    expect(await download(viaMega.body.data)).toEqual(Buffer.from(member.picture!.data, 'base64'));
  });

  it('WPPConnect group-pic: set by the instance (multipart and path), seen by a member phone; a non-admin is refused', async () => {
    const created = await wpp('POST', 'create-group', { name: 'Store team', participants: [ANA] });
    expect(created.status).toBe(201);
    const group = `${created.body.response.groupInfo[0].id}@g.us`;

    const set = await upload('group-pic', await png('#8e24aa'), { groupId: group });
    expect(set).toEqual({
      status: 201,
      body: { status: 'success', response: { message: 'Group profile photo successfully changed' } },
    });
    const first = await newPictureSeen(ANA, group);
    const viaWpp = await wpp('GET', `profile-pic/${group.split('@')[0]}?isGroup=true`);
    expect(await download(viaWpp.body.response.imgFull)).toEqual(Buffer.from(first.picture!.data, 'base64'));

    served.set('/store-team.png', { type: 'image/png', body: await png('#00897b') });
    const byPath = await wpp('POST', 'group-pic', { groupId: group, path: `${filesUrl}/store-team.png` });
    expect(byPath.status).toBe(201);
    const second = await newPictureSeen(ANA, group, first.picture!.id);
    expect(second.picture!.data).not.toEqual(first.picture!.data);

    // a group Ana made, where the store is a plain member: WhatsApp refuses (403 in the dialect)
    const anas = await h.call('POST', `/sandbox/phones/${ANA}/groups`, {
      subject: 'Ana only admin',
      participants: [STORE],
    });
    expect(anas.status).toBe(201);
    const anaGroup: string = anas.body.jid;
    const refused = await upload('group-pic', await png('#000000'), { groupId: anaGroup });
    expect(refused).toMatchObject({ status: 403, body: { status: 'error', code: 'forbidden' } });
    expect((await seenBy(ANA, anaGroup)).picture).toBeNull();
  });

  it('about text: set by the session and read by a phone; set by a phone and read by the session', async () => {
    expect(await wpp('POST', 'profile-status', { status: 'Open 8-18' })).toMatchObject({ status: 200 });
    await poll("Ana to read the store's about text", async () =>
      (await seenBy(ANA, STORE)).about?.text === 'Open 8-18' ? true : undefined,
    );
    const set = await h.call('PUT', `/sandbox/phones/${ANA}/profile/about`, { text: 'At the beach' });
    expect(set).toMatchObject({ status: 200, body: { about: { text: 'At the beach' } } });
    const read = await wpp('GET', `profile-status/${ANA}`);
    expect(read).toMatchObject({
      status: 200,
      body: { status: 'success', response: { status: 'At the beach' } },
    });
  });

  it('push name: change-username reaches the phones (the name on the next message)', async () => {
    const renamed = await wpp('POST', 'change-username', { name: 'Store Renamed' });
    expect(renamed.status).toBe(200);
    await poll('the network to show the new name', async () =>
      (await h.call('GET', `/sandbox/phones/${STORE}`)).body.name === 'Store Renamed' ? true : undefined,
    );
    const sent = await wpp('POST', 'send-message', { phone: ANA, message: 'hello with a new name' });
    expect(sent.status).toBe(201);
    const got = await poll('Ana to get the message', async () => {
      const inbox = (await h.call('GET', `/sandbox/phones/${ANA}/messages`)).body as {
        text: string;
        pushName?: string;
      }[];
      return inbox.find((m) => m.text === 'hello with a new name');
    });
    expect(got.pushName).toBe('Store Renamed');
  });

  it('business profiles: a phone marked business reads as one; the session edits its own, a phone sees it', async () => {
    const marked = await h.call('PUT', `/sandbox/phones/${BIA}/profile/business`, {
      description: 'Cakes to order',
      email: 'bia@cakes.example',
      websites: ['https://cakes.example'],
      category: { id: '1', name: 'Bakery' },
    });
    expect(marked).toMatchObject({
      status: 200,
      body: { business: { description: 'Cakes to order', category: 'Bakery' } },
    });
    const profile = await wpp('GET', `profile/${BIA}`);
    expect(profile).toMatchObject({
      status: 200,
      body: {
        status: 'success',
        response: {
          isBusiness: true,
          numberExists: true,
          businessProfile: {
            description: 'Cakes to order',
            email: 'bia@cakes.example',
            website: ['https://cakes.example'],
            categories: [{ localized_display_name: 'Bakery' }],
          },
        },
      },
    });
    expect((await wpp('GET', `profile/${ANA}`)).body.response).toMatchObject({
      isBusiness: false,
      numberExists: true,
    });

    // a regular account has no business profile to edit
    const regular = await wpp('POST', 'edit-business-profile', { description: 'Not a shop' });
    expect(regular).toMatchObject({ status: 403, body: { status: 'error', code: 'forbidden' } });

    expect(
      (await h.call('PUT', `/sandbox/phones/${STORE}/profile/business`, { description: 'Store' })).status,
    ).toBe(200);
    const edited = await wpp('POST', 'edit-business-profile', {
      adress: 'Rua Augusta 100',
      email: 'store@shop.example',
      website: ['https://store.example'],
      categories: ['ignored'],
    });
    expect(edited).toMatchObject({
      status: 200,
      body: {
        description: 'Store',
        address: 'Rua Augusta 100',
        email: 'store@shop.example',
        website: ['https://store.example'],
      },
    });
    expect((await seenBy(ANA, STORE)).business).toEqual({
      description: 'Store',
      address: 'Rua Augusta 100',
      email: 'store@shop.example',
      websites: ['https://store.example'],
    });
  });

  it("bad input answers the dialect's 4xx", async () => {
    expect(await upload('set-profile-pic')).toEqual({
      status: 400,
      body: { status: 'Error', message: 'File parameter is required!' },
    });
    const text = new FormData();
    text.append('file', new Blob(['just text, not an image'], { type: 'image/png' }), 'fake.png');
    const notImage = await fetch(`${h.zg.url}/api/store/set-profile-pic`, {
      method: 'POST',
      headers: { authorization: `Bearer ${wppToken}` },
      body: text,
    });
    expect(notImage.status).toBe(400);
    expect(await notImage.json()).toMatchObject({ status: 'error' });
    const big = await upload('set-profile-pic', await png('#000', 400, true));
    expect(big).toMatchObject({ status: 413, body: { status: 'error' } });

    expect(await wpp('POST', 'group-pic', { groupId: '120363000000000001' })).toMatchObject({
      status: 401,
      body: { message: 'Sending the image is mandatory' },
    });
    expect(
      await wpp('POST', 'group-pic', { groupId: '120363000000000001', path: '/etc/passwd' }),
    ).toMatchObject({
      status: 400,
    });
    expect(await wpp('POST', 'edit-business-profile', {})).toMatchObject({
      status: 400,
      body: { status: 'error' },
    });
    expect(await wpp('GET', 'profile/not-a-number')).toMatchObject({ status: 400 });

    served.set('/notes.txt', { type: 'text/plain', body: Buffer.from('not an image') });
    const megaText = await mega('POST', '/rest/instance/setProfilePictureUrl/shop', {
      messageData: { to: jid(SHOP), url: `${filesUrl}/notes.txt` },
    });
    expect(megaText).toMatchObject({ status: 400, body: { error: true } });
    served.set('/ana.png', { type: 'image/png', body: await png('#ffffff') });
    const someoneElse = await mega('POST', '/rest/instance/setProfilePictureUrl/shop', {
      messageData: { to: jid(ANA), url: `${filesUrl}/ana.png` },
    });
    expect(someoneElse).toMatchObject({ status: 400, body: { error: true } });
    expect(await mega('POST', '/rest/instance/setProfilePictureUrl/shop', {})).toMatchObject({
      status: 400,
      body: { error: true },
    });
  });
});
