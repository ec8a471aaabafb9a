import { createHash, randomBytes } from 'node:crypto';
import type { WAMessage } from '@whiskeysockets/baileys';
import type { PhoneMessage } from '@zapgate/wa-sim';
import { ControlApiHarness } from './control-api.harness.js';

const SHOP = '5511920000001';
const CUSTOMER = '5511920000002';
const jid = (n: string) => `${n}@s.whatsapp.net`;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('simulator control API: media and retry receipts over HTTP', () => {
  let h: ControlApiHarness;
  beforeEach(async () => {
    h = await ControlApiHarness.start();
  });
  afterEach(() => h.close());

  const fileOf = async (number: string, id: string) => {
    const res = await fetch(`${h.base}/sandbox/phones/${number}/messages/${id}/media`);
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const upsertOf = async (
    companion: Awaited<ReturnType<ControlApiHarness['linkedCompanion']>>,
    id: string,
  ) => {
    const { messages } = await companion.waitFor('messages.upsert', (u) =>
      u.messages.some((m) => m.key.id === id),
    );
    return messages.find((m) => m.key.id === id)!;
  };

  it('a phone sends a document from a data URL; the device downloads it and the phone serves it back', async () => {
    const companion = await h.linkedCompanion(SHOP);
    await h.call('POST', '/sandbox/phones', { number: CUSTOMER });
    const file = randomBytes(70_000);

    const sent = await h.call<PhoneMessage>('POST', `/sandbox/phones/${CUSTOMER}/media`, {
      to: SHOP,
      kind: 'document',
      data: `data:application/zip;base64,${file.toString('base64')}`,
      fileName: 'catalogue 2026.zip',
      caption: 'the catalogue',
    });
    expect(sent).toMatchObject({
      status: 201,
      body: {
        direction: 'out',
        chat: jid(SHOP),
        media: {
          kind: 'document',
          mimetype: 'application/zip',
          fileName: 'catalogue 2026.zip',
          caption: 'the catalogue',
          fileLength: file.length,
          state: 'ready',
          size: file.length,
          sha256: sha256(file),
        },
      },
    });

    const msg = await upsertOf(companion, sent.body.id);
    expect(
      msg.message?.documentWithCaptionMessage?.message?.documentMessage ?? msg.message?.documentMessage,
    ).toMatchObject({
      fileName: 'catalogue 2026.zip',
      mimetype: 'application/zip',
    });
    expect((await companion.downloadMedia(msg)).equals(file)).toBe(true);

    const { res, bytes } = await fileOf(CUSTOMER, sent.body.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('x-sha256')).toBe(sha256(file));
    expect(res.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''catalogue%202026.zip");
    expect(bytes.equals(file)).toBe(true);
  });

  it("shows a device's image in the phone's inbox with its checks, and serves the decrypted bytes", async () => {
    const companion = await h.linkedCompanion(SHOP);
    await h.call('POST', '/sandbox/phones', { number: CUSTOMER });
    const image = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(9_000)]);
    const sent = await companion.socket.sendMessage(jid(CUSTOMER), {
      image,
      mimetype: 'image/jpeg',
      caption: 'new arrivals',
    });
    const id = sent!.key.id!;
    await h.sim.phone(CUSTOMER).waitForMessage((m) => m.id === id && m.media?.state === 'ready');

    const inbox = await h.call<PhoneMessage[]>('GET', `/sandbox/phones/${CUSTOMER}/messages`);
    expect(inbox.body.find((m) => m.id === id)).toMatchObject({
      direction: 'in',
      text: null,
      media: {
        kind: 'image',
        caption: 'new arrivals',
        mimetype: 'image/jpeg',
        size: image.length,
        sha256: sha256(image),
      },
    });
    const { res, bytes } = await fileOf(CUSTOMER, id);
    expect([res.status, res.headers.get('content-length')]).toEqual([200, String(image.length)]);
    expect(bytes.equals(image)).toBe(true);
  });

  it('makes the phone ask for a message again, and shows that the copy arrived and decrypted', async () => {
    const kept = new Map<string, WAMessage['message']>();
    const companion = await h.linkedCompanion(SHOP, {
      enableRecentMessageCache: false,
      getMessage: async (key) => kept.get(key.id!) ?? undefined,
    });
    await h.call('POST', '/sandbox/phones', { number: CUSTOMER });
    const sent = await companion.socket.sendMessage(jid(CUSTOMER), { text: 'your order shipped' });
    const id = sent!.key.id!;
    kept.set(id, sent!.message);
    await h.sim.phone(CUSTOMER).waitForMessage((m) => m.id === id);

    const asked = await h.call<PhoneMessage>('POST', `/sandbox/phones/${CUSTOMER}/messages/${id}/retry`);
    expect(asked).toMatchObject({
      status: 200,
      body: { id, retry: { requested: 1, resent: 0, undecryptable: 0 } },
    });
    await h.sim.phone(CUSTOMER).waitForMessage((m) => m.id === id && m.retry?.resent === 1);
    const inbox = await h.call<PhoneMessage[]>('GET', `/sandbox/phones/${CUSTOMER}/messages`);
    expect(inbox.body.filter((m) => m.id === id)).toEqual([
      expect.objectContaining({
        text: 'your order shipped',
        retry: { requested: 1, resent: 1, undecryptable: 0 },
      }),
    ]);
    expect((await h.call<{ media: object }>('GET', '/sandbox/stats')).body.media).toMatchObject({
      retryReceipts: 1,
    });
  });

  it('refuses bad media and unknown or unsuitable messages with 4xx, uploading nothing', async () => {
    await h.linkedCompanion(SHOP);
    await h.call('POST', '/sandbox/phones', { number: CUSTOMER });
    const text = await h.call<PhoneMessage>('POST', `/sandbox/phones/${CUSTOMER}/messages`, {
      to: SHOP,
      text: 'hi',
    });
    const send = (body: object) => h.call('POST', `/sandbox/phones/${CUSTOMER}/media`, { to: SHOP, ...body });
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const refused: [object, number, string][] = [
      [{ kind: 'image', data: 'data:image/png;base64,@@@' }, 400, 'invalid_media'],
      [{ kind: 'image', data: 'data:image/png;base64,' }, 400, 'invalid_media'],
      [{ kind: 'image', data: 'https://example.com/a.png' }, 400, 'validation_failed'],
      [{ kind: 'gif', data: png }, 400, 'validation_failed'],
      [{ kind: 'image', data: png, mimetype: 'png' }, 400, 'validation_failed'],
      [{ kind: 'image', data: png, to: '5511929999999' }, 400, 'invalid_recipient'],
    ];
    for (const [body, status, code] of refused) {
      expect({ body, reply: await send(body) }).toMatchObject({
        body,
        reply: { status, body: { error: { code } } },
      });
    }
    const base = `/sandbox/phones/${CUSTOMER}/messages`;
    expect(await h.call('GET', `${base}/NOPE/media`)).toMatchObject({
      status: 404,
      body: { error: { code: 'unknown_message' } },
    });
    expect(await h.call('GET', `${base}/${text.body.id}/media`)).toMatchObject({
      status: 409,
      body: { error: { code: 'not_media' } },
    });
    expect(await h.call('POST', `${base}/${text.body.id}/retry`)).toMatchObject({
      status: 409,
      body: { error: { code: 'not_received' } },
    });
    expect(await h.call('POST', `${base}/NOPE/retry`)).toMatchObject({
      status: 404,
      body: { error: { code: 'unknown_message' } },
    });
    expect((await h.call<{ media: object }>('GET', '/sandbox/stats')).body.media).toEqual({
      uploads: 0,
      uploadsRefused: 0,
      downloads: 0,
      retryReceipts: 0,
    });
  });
});
