import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '@zapgate/testing';
import { addPhones, pairWpp, poll, startSandbox, wppConnected } from './standalone-harness.js';

// Labels (WhatsApp Business) against the sandbox: a business phone's labels reach the session it
// links through app-state sync; WPPConnect's label routes change them through WhatsApp (the phone
// sees them); the phone's own changes reach `onupdatelabel` and the label and chat routes; a
// personal account and bad ids get WPPConnect's error body.

const BIZ = '5511953000001'; // WPPConnect session `biz` (webhook): a business account
const PLAIN = '5511953000002'; // WPPConnect session `plain`: a personal account
const ANA = '5511953000003';
const BIA = '5511953000004';

interface PhoneLabel {
  id: string;
  name: string;
  color: number;
  deleted: boolean;
}

describe('labels (WhatsApp Business), standalone sandbox over HTTP', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  let receiver: WebhookReceiver;
  let bizToken: string;
  let plainToken: string;
  /** The label the phone made before the session linked. */
  let firstId: string;

  const api = async (method: string, session: string, token: string, path: string, body?: unknown) => {
    const { status, body: reply } = await h.call(method, `/api/${session}/${path}`, body, token);
    return { status, body: reply };
  };
  const biz = (method: string, path: string, body?: unknown) => api(method, 'biz', bizToken, path, body);
  const labels = async (): Promise<{ id: string; name: string; colorIndex: number; count: number }[]> => {
    const reply = await biz('GET', 'get-all-labels');
    expect(reply).toMatchObject({ status: 201, body: { status: 'success' } });
    return reply.body.response;
  };
  const phone = async (method: string, path: string, body?: unknown) =>
    h.call(method, `/sandbox/phones/${BIZ}${path}`, body);
  const phoneLabels = async (): Promise<PhoneLabel[]> =>
    (await h.call('GET', `/sandbox/phones/${BIZ}/labels?deleted=true`)).body;
  const phoneChatLabels = async (chat: string): Promise<string[] | undefined> =>
    ((await h.call('GET', `/sandbox/phones/${BIZ}`)).body.chats as { chat: string; labels: string[] }[]).find(
      (c) => c.chat === `${chat}@s.whatsapp.net`,
    )?.labels;
  const chatLabels = async (chat: string): Promise<string[]> => {
    const reply = await biz('GET', `chat-by-id/${chat}`);
    expect(reply.status).toBe(200);
    return reply.body.labels;
  };
  const updateLabel = (chat: string, id: string, type: 'add' | 'remove') => (w: ReceivedWebhook) =>
    w.url === '/wpp' &&
    w.body?.event === 'onupdatelabel' &&
    w.body.chat?.id === `${chat}@c.us` &&
    w.body.ids?.[0] === id &&
    w.body.type === type;
  const expectWppError = (reply: { status: number; body: unknown }, status: number) =>
    expect(reply).toMatchObject({ status, body: { status: 'error', message: expect.any(String) } });

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    h = await startSandbox();
    await addPhones(h, [BIZ, PLAIN, ANA, BIA]);
    // a business profile makes the account a WhatsApp Business one (before its devices link)
    expect(
      (await h.call('PUT', `/sandbox/phones/${BIZ}/profile/business`, { description: 'Bakery' })).status,
    ).toBe(200);
    // the phone labels a chat before the session exists
    const first = await phone('POST', '/labels', { name: 'New customer', color: 1 });
    expect(first).toMatchObject({ status: 201, body: { name: 'New customer', color: 1, deleted: false } });
    firstId = first.body.id;
    expect(await phone('POST', `/labels/${firstId}/chats`, { chat: ANA })).toMatchObject({
      status: 200,
      body: { chat: `${ANA}@s.whatsapp.net`, labels: [firstId] },
    });
    bizToken = await pairWpp(h, BIZ, { session: 'biz', webhook: `${receiver.url}/wpp`, wait: false });
    plainToken = await pairWpp(h, PLAIN, { session: 'plain', wait: false });
    await Promise.all([wppConnected(h, bizToken, 'biz'), wppConnected(h, plainToken, 'plain')]);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });

  it("lists the business phone's labels and labelled chats after pairing", async () => {
    const synced = await poll('the phone-made label to be synced', async () => {
      const found = (await labels()).find((l) => l.id === firstId);
      return found?.count === 1 ? found : undefined;
    });
    expect(synced).toEqual({ id: firstId, name: 'New customer', color: null, colorIndex: 1, count: 1 });
    expect(await chatLabels(ANA)).toEqual([firstId]);
    const listed = await biz('POST', 'list-chats', { withLabels: [firstId] });
    expect((listed.body as { id: { _serialized: string } }[]).map((c) => c.id._serialized)).toEqual([
      `${ANA}@c.us`,
    ]);
  });

  it('creates a label and labels a chat through the API: the phone sees both', async () => {
    const created = await biz('POST', 'add-new-label', { name: 'VIP', options: { labelColor: 4 } });
    expect(created).toMatchObject({
      status: 201,
      body: { status: 'success', response: { name: 'VIP', colorIndex: 4, count: 0 } },
    });
    const vip: string = created.body.response.id;
    expect(vip).not.toBe(firstId);
    await poll('the phone to see the new label', async () =>
      (await phoneLabels()).find((l) => l.id === vip && l.name === 'VIP' && l.color === 4 && !l.deleted),
    );

    const labelled = await biz('POST', 'add-or-remove-label', {
      chatIds: [`${BIA}@c.us`],
      options: [{ labelId: vip, type: 'add' }],
    });
    expect(labelled).toEqual({
      status: 201,
      body: { status: 'success', response: [{ id: `${BIA}@c.us`, labels: [vip] }] },
    });
    await poll('the phone to see the chat labelled', async () =>
      (await phoneChatLabels(BIA))?.includes(vip) ? true : undefined,
    );
    expect(await chatLabels(BIA)).toEqual([vip]);
    expect((await labels()).find((l) => l.id === vip)).toMatchObject({ name: 'VIP', count: 1 });
    // the session's own change reaches its webhook too (WPPConnect's chat.update_label fires for it)
    await receiver.waitFor(1, updateLabel(BIA, vip, 'add'));
  });

  it('the phone labels, unlabels and renames: onupdatelabel, get-all-labels and the chat views follow', async () => {
    expect((await phone('POST', `/labels/${firstId}/chats`, { chat: BIA })).status).toBe(200);
    const [added] = await receiver.waitFor(1, updateLabel(BIA, firstId, 'add'));
    expect(added!.body).toMatchObject({
      session: 'biz',
      chat: { id: `${BIA}@c.us`, labels: expect.arrayContaining([firstId]) },
      ids: [firstId],
      labels: [{ id: firstId, name: 'New customer', colorIndex: 1, color: null }],
      type: 'add',
    });
    await poll('chat-by-id to show the label', async () =>
      (await chatLabels(BIA)).includes(firstId) ? true : undefined,
    );
    expect((await labels()).find((l) => l.id === firstId)?.count).toBe(2);

    expect((await phone('DELETE', `/labels/${firstId}/chats/${ANA}`)).status).toBe(200);
    await receiver.waitFor(1, updateLabel(ANA, firstId, 'remove'));
    await poll('chat-by-id to drop the label', async () =>
      (await chatLabels(ANA)).length === 0 ? true : undefined,
    );

    expect(await phone('PUT', `/labels/${firstId}`, { name: 'Lead', color: 2 })).toMatchObject({
      status: 200,
      body: { id: firstId, name: 'Lead', color: 2 },
    });
    await poll('get-all-labels to show the rename', async () =>
      (await labels()).find((l) => l.id === firstId && l.name === 'Lead' && l.colorIndex === 2),
    );
  });

  it('deletes labels: through the API (the phone sees it) and on the phone (the session drops it)', async () => {
    const temp = await phone('POST', '/labels', { name: 'Temp' });
    expect(temp.status).toBe(201);
    await poll('the phone-made label to be synced', async () =>
      (await labels()).find((l) => l.id === temp.body.id),
    );
    expect((await phone('DELETE', `/labels/${temp.body.id}`)).body).toMatchObject({ deleted: true });
    await poll('get-all-labels to drop the phone-deleted label', async () =>
      (await labels()).some((l) => l.id === temp.body.id) ? undefined : true,
    );

    const vip = (await labels()).find((l) => l.name === 'VIP')!;
    expect(await biz('PUT', `delete-label/${vip.id}`)).toEqual({
      status: 201,
      body: { status: 'success', response: { id: vip.id, deleteLabelResult: true } },
    });
    await poll('the phone to see the label deleted', async () =>
      (await phoneLabels()).find((l) => l.id === vip.id && l.deleted),
    );
    expect((await labels()).map((l) => l.id)).toEqual([firstId]);
    // deleted: unknown from now on
    expectWppError(await biz('PUT', `delete-label/${vip.id}`), 404);
    expectWppError(
      await biz('POST', 'add-or-remove-label', {
        chatIds: [BIA],
        options: [{ labelId: vip.id, type: 'add' }],
      }),
      404,
    );

    expect(await biz('PUT', 'delete-all-labels')).toEqual({
      status: 201,
      body: { status: 'success', response: [{ id: firstId, deleteLabelResult: true }] },
    });
    expect(await labels()).toEqual([]);
    await poll('the phone to see every label deleted', async () =>
      (await phoneLabels()).every((l) => l.deleted) ? true : undefined,
    );
  });

  it('a personal account has no labels: 403 with the reason, and the phone can make none', async () => {
    for (const reply of [
      await api('GET', 'plain', plainToken, 'get-all-labels'),
      await api('POST', 'plain', plainToken, 'add-new-label', { name: 'VIP' }),
      await api('POST', 'plain', plainToken, 'add-or-remove-label', {
        chatIds: [ANA],
        options: [{ labelId: '1', type: 'add' }],
      }),
      await api('PUT', 'plain', plainToken, 'delete-all-labels'),
      await api('PUT', 'plain', plainToken, 'delete-label/1'),
    ]) {
      expectWppError(reply, 403);
      expect(reply.body.message).toContain('WhatsApp Business');
    }
    expect(await h.call('POST', `/sandbox/phones/${PLAIN}/labels`, { name: 'VIP' })).toMatchObject({
      status: 409,
      body: { error: { code: 'not_business' } },
    });
  });

  it("bad requests and unknown labels get WPPConnect's error body", async () => {
    expectWppError(await biz('POST', 'add-new-label', {}), 400);
    expectWppError(await biz('POST', 'add-new-label', { name: '' }), 400);
    // an ARGB colour of WhatsApp Web's palette: zapgate keeps WhatsApp's colour index only
    const argb = await biz('POST', 'add-new-label', { name: 'VIP', options: { labelColor: 4292849392 } });
    expectWppError(argb, 400);
    expect(argb.body.message).toContain('labelColor');
    expectWppError(await biz('POST', 'add-or-remove-label', { chatIds: [ANA] }), 400);
    expectWppError(await biz('POST', 'add-or-remove-label', { chatIds: [], options: [] }), 400);
    expectWppError(
      await biz('POST', 'add-or-remove-label', {
        chatIds: [ANA],
        options: [{ labelId: '1', type: 'toggle' }],
      }),
      400,
    );
    expectWppError(
      await biz('POST', 'add-or-remove-label', {
        chatIds: ['not a chat'],
        options: [{ labelId: '1', type: 'add' }],
      }),
      400,
    );
    expectWppError(
      await biz('POST', 'add-or-remove-label', {
        chatIds: [ANA],
        options: [{ labelId: '999', type: 'add' }],
      }),
      404,
    );
    expectWppError(await biz('PUT', 'delete-label/999'), 404);
    expectWppError(await biz('PUT', 'delete-label/abc'), 400);
    // the token still guards them
    expect((await h.call('GET', '/api/biz/get-all-labels')).status).toBe(401);
  });
});
