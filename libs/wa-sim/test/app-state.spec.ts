import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferJSON, type WAMessage } from '@whiskeysockets/baileys';
import { BaileysCompanion, simulatorHttp, WaSimulator, type PhoneChat } from '../src/index.js';
import { SimHarness } from './harness.js';

const SHOP = '5511930000001';
const CUSTOMER = '5511930000002';
const CUSTOMER_JID = `${CUSTOMER}@s.whatsapp.net`;

/** Resolves once the companion holds the app-state key its phone shared. */
const keyArrived = (c: BaileysCompanion) =>
  c.waitFor('creds.update', (u) => !!u.myAppStateKeyId).then(() => c.creds.myAppStateKeyId!);

describe('app-state sync (w:sync:app:state) with real Baileys', () => {
  let h: SimHarness;
  beforeEach(async () => {
    h = await SimHarness.start();
  });
  afterEach(() => h.close());

  /** A shop phone with a linked companion holding the app-state key, and a message from a customer. */
  async function shopWithMessage(): Promise<{ companion: BaileysCompanion; msg: WAMessage }> {
    const { companion } = await h.linkedCompanion(SHOP, 'Shop');
    await keyArrived(companion);
    await h.sim.createPhone({ number: CUSTOMER, name: 'Customer' });
    const sent = await h.sim.sendFromPhone(CUSTOMER, SHOP, 'hello shop');
    const upsert = await companion.waitFor('messages.upsert', ({ messages }) =>
      messages.some((m) => m.key.id === sent.id),
    );
    await h.sim.phone(SHOP).waitForMessage((m) => m.id === sent.id);
    return { companion, msg: upsert.messages.find((m) => m.key.id === sent.id)! };
  }

  const chatOnPhone = (match: (c: PhoneChat) => boolean) =>
    h.sim
      .phone(SHOP)
      .waitForState(() => h.sim.getPhone(SHOP).chats.find((c) => c.chat === CUSTOMER_JID && match(c)));

  it('shares the phone app-state key with a linked device, the same key the phone holds', async () => {
    const { companion } = await h.linkedCompanion(SHOP);
    const keyId = await keyArrived(companion);
    const phoneKey = h.sim.phone(SHOP).toState().creds.myAppStateKeyId;
    expect(keyId).toBe(phoneKey);
    const [mine] = Object.values(await companion.auth.state.keys.get('app-state-sync-key', [keyId]));
    expect(mine?.keyData?.length).toBe(32);
  });

  it('archive, pin, mute, star, mark unread and delete for me reach the phone, which shows them', async () => {
    const { companion, msg } = await shopWithMessage();
    const lastMessages = [{ key: msg.key, messageTimestamp: msg.messageTimestamp }];
    const muteEnd = Date.now() + 8 * 3600_000;

    await companion.socket.chatModify({ archive: true, lastMessages }, CUSTOMER_JID);
    await companion.socket.chatModify({ pin: true }, CUSTOMER_JID);
    await companion.socket.chatModify({ mute: muteEnd }, CUSTOMER_JID);
    await companion.socket.chatModify({ markRead: false, lastMessages }, CUSTOMER_JID);
    await companion.socket.chatModify(
      { star: { messages: [{ id: msg.key.id!, fromMe: false }], star: true } },
      CUSTOMER_JID,
    );

    const chat = await chatOnPhone(
      (c) => c.archived && !!c.pinnedAt && c.muteEndTime === muteEnd && c.markedUnread,
    );
    expect(chat).toMatchObject({ archived: true, markedUnread: true, muteEndTime: muteEnd });
    await h.sim.phone(SHOP).waitForMessage((m) => m.id === msg.key.id && m.starred === true);

    await companion.socket.chatModify(
      { deleteForMe: { key: msg.key, timestamp: Number(msg.messageTimestamp), deleteMedia: false } },
      CUSTOMER_JID,
    );
    const deleted = await h.sim.phone(SHOP).waitForMessage((m) => m.id === msg.key.id && !!m.deletedForMe);
    expect(deleted.starred).toBe(true);

    // and back: unarchive, unpin, unmute, mark read
    await companion.socket.chatModify({ archive: false, lastMessages }, CUSTOMER_JID);
    await companion.socket.chatModify({ pin: false }, CUSTOMER_JID);
    await companion.socket.chatModify({ mute: null }, CUSTOMER_JID);
    await companion.socket.chatModify({ markRead: true, lastMessages }, CUSTOMER_JID);
    const restored = await chatOnPhone(
      (c) => !c.archived && !c.pinnedAt && !c.muteEndTime && !c.markedUnread,
    );
    expect(restored.archived).toBe(false);
  });

  it('relays a device change to the account other linked device (server_sync, then resync)', async () => {
    const { companion: first, msg } = await shopWithMessage();
    const second = h.companion();
    const qr = await second.waitForQr();
    const opened = second.waitForOpen();
    await h.sim.scanQr(SHOP, qr);
    await opened;
    await keyArrived(second);

    await first.socket.chatModify({ archive: true, lastMessages: [msg] }, CUSTOMER_JID);
    await second.waitFor('chats.update', (us) =>
      us.some((u) => u.id === CUSTOMER_JID && u.archived === true),
    );

    // the second device pushes on top of the first one's patch (its push resyncs first)
    await second.socket.chatModify({ pin: true }, CUSTOMER_JID);
    await first.waitFor('chats.update', (us) => us.some((u) => u.id === CUSTOMER_JID && !!u.pinned));
    await chatOnPhone((c) => c.archived && !!c.pinnedAt);
  });

  it('labels: a device creates one and puts it on a chat, the phone lists both', async () => {
    const { companion } = await shopWithMessage();
    await companion.socket.addLabel(CUSTOMER_JID, { id: '7', name: 'VIP', color: 3, deleted: false });
    await companion.socket.addChatLabel(CUSTOMER_JID, '7');
    await chatOnPhone((c) => c.labels.includes('7'));
    expect(h.sim.getPhone(SHOP).labels).toEqual([{ id: '7', name: 'VIP', color: 3, deleted: false }]);
  });
});

describe('app state kept in stateDir across a simulator restart', () => {
  let dir: string;
  let sim: WaSimulator | undefined;
  const companions: BaileysCompanion[] = [];
  const companion = (auth?: BaileysCompanion['auth']) => {
    const c = BaileysCompanion.start({ url: sim!.url, auth, http: simulatorHttp(sim!.mediaCaPem) });
    companions.push(c);
    return c;
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-sim-appstate-'));
  });
  afterAll(async () => {
    companions.forEach((c) => c.end());
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the patches, their versions and the phone view; a device of an older state gets the key at its next login', async () => {
    const stateDir = join(dir, 'sandbox');
    sim = await WaSimulator.start({ stateDir });
    await sim.createPhone({ number: SHOP });
    await sim.createPhone({ number: CUSTOMER });
    const first = companion();
    const qr = await first.waitForQr();
    const opened = first.waitForOpen();
    await sim.scanQr(SHOP, qr);
    await opened;
    await keyArrived(first);
    await first.socket.chatModify({ pin: true }, CUSTOMER_JID);
    const shows = (match: (c: PhoneChat) => boolean) =>
      sim!
        .phone(SHOP)
        .waitForState(() => sim!.getPhone(SHOP).chats.find((c) => c.chat === CUSTOMER_JID && match(c)));
    await shows((c) => !!c.pinnedAt);
    const closed = first.waitForClose();
    first.end();
    await closed;
    await sim.stop();
    sim = undefined;

    // as a state file of a simulator from before app-state sync: no link got the key yet
    const file = join(stateDir, 'state.json');
    const state = JSON.parse(await readFile(file, 'utf8'), BufferJSON.reviver) as {
      appState: { keysShared: string[] };
    };
    expect(state.appState.keysShared).toHaveLength(1);
    state.appState.keysShared = [];
    await writeFile(file, JSON.stringify(state, BufferJSON.replacer));

    sim = await WaSimulator.start({ stateDir });
    await shows((c) => !!c.pinnedAt); // the phone view came back
    const again = companion(first.auth);
    const shared = again.next('creds.update', (u) => !!u.myAppStateKeyId);
    await again.waitForOpen();
    expect(await shared).toEqual({ myAppStateKeyId: first.creds.myAppStateKeyId });
    // its push goes on top of the version kept (no 409), and the phone decodes it
    await again.socket.chatModify({ archive: true, lastMessages: [] }, CUSTOMER_JID);
    await shows((c) => c.archived && !!c.pinnedAt);
  });
});
