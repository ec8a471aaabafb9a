import { MemoryInstanceRepository } from '@zapgate/storage';
import {
  Subjects,
  type CommandVerb,
  type InstanceStatus,
  type MediaReference,
  type SendMessageCommand,
  type SentMessage,
} from '@zapgate/contracts';
import { MemoryCommandBus, MemoryEventLog, MemoryLeaseStore } from '@zapgate/transport';
import { pino } from 'pino';
import { ShardService } from './shard.service.js';
import { FakeWhatsAppSessionFactory } from './whatsapp-session.fake.js';

const photo: MediaReference = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  size: 1024,
  mime: 'image/jpeg',
  sha256: 'a'.repeat(64),
};

// The shard's command path on a fake WhatsApp session: what reaches the session, and what never does.
describe(`${ShardService.name} commands`, () => {
  let bus: MemoryCommandBus;
  let sessions: FakeWhatsAppSessionFactory;
  let sut: ShardService;
  const command = <T>(verb: CommandVerb, request: object, instance = 'shop') =>
    bus.request<T, object>(Subjects.command(instance, verb), request);
  const send = (request: Omit<SendMessageCommand, 'instance'> & Record<string, unknown>) =>
    command<SentMessage>('send-message', { instance: 'shop', ...request });
  const session = () => sessions.session('shop');

  beforeEach(async () => {
    bus = new MemoryCommandBus();
    sessions = new FakeWhatsAppSessionFactory((s) => (s.credentials = true));
    const instances = new MemoryInstanceRepository();
    const now = new Date().toISOString();
    await instances.create({ key: 'shop', dialect: 'mega', createdAt: now, updatedAt: now });
    sut = new ShardService(
      { shardId: 's1', capacity: 10, tickMs: 60_000 },
      {
        bus,
        events: new MemoryEventLog(),
        leases: new MemoryLeaseStore(180_000),
        instances,
        sessions,
        logger: pino({ level: 'silent' }),
      },
    );
    await sut.start();
    await expect(command<InstanceStatus>('get-status', { instance: 'shop' })).resolves.toMatchObject({
      state: 'connected',
    });
  });
  afterEach(() => sut.stop());

  it('checks a number once on the shard and sends to the account WhatsApp names', async () => {
    const sent = await send({
      to: '5511999990001@s.whatsapp.net',
      content: { kind: 'image', media: photo, caption: 'the menu', viewOnce: true },
      options: { quoted: { id: 'ABC123' }, mentions: ['5511999990002@s.whatsapp.net'] },
    });
    expect(sent).toMatchObject({ id: 'FAKE0001', remoteJid: '5511999990001@s.whatsapp.net', fromMe: true });
    expect(session().checked).toEqual([['5511999990001']]);
    expect(session().sent).toEqual([
      {
        to: '5511999990001@s.whatsapp.net',
        content: { kind: 'image', media: photo, caption: 'the menu', viewOnce: true },
        options: { quoted: { id: 'ABC123' }, mentions: ['5511999990002@s.whatsapp.net'] },
      },
    ]);
  });

  it('sends to groups and LIDs without a number check', async () => {
    await send({ to: '120363040000000001@g.us', content: { kind: 'text', text: 'hi group' } });
    await send({ to: '123456789012345@lid', content: { kind: 'text', text: 'hi lid' } });
    expect(session().checked).toEqual([]);
    expect(session().sent.map((m) => m.to)).toEqual(['120363040000000001@g.us', '123456789012345@lid']);
  });

  it('refuses a number without WhatsApp, naming it, and sends nothing', async () => {
    session().notOnWhatsApp.add('5511999990009');
    await expect(
      send({ to: '5511999990009@s.whatsapp.net', content: { kind: 'text', text: 'hello?' } }),
    ).rejects.toMatchObject({
      code: 'number_not_on_whatsapp',
      message: 'the number 5511999990009 is not on WhatsApp',
      details: { number: '5511999990009' },
    });
    expect(session().sent).toEqual([]);
  });

  it.each([
    ['no content', { to: '5511999990001@s.whatsapp.net' }, /the command needs content/],
    [
      'an unknown kind',
      { to: '5511999990001@s.whatsapp.net', content: { kind: 'hologram', text: 'x' } },
      /content\.kind is not a kind of message/,
    ],
    [
      'an empty text',
      { to: '5511999990001@s.whatsapp.net', content: { kind: 'text', text: '' } },
      /content\.text must NOT have fewer than 1 characters/,
    ],
    [
      'a media id that is not the store’s',
      {
        to: '5511999990001@s.whatsapp.net',
        content: { kind: 'image', media: { ...photo, id: '../../etc/passwd' } },
      },
      /content\.media\.id must match pattern/,
    ],
    [
      'a document without a file name',
      { to: '5511999990001@s.whatsapp.net', content: { kind: 'document', media: photo } },
      /content needs fileName/,
    ],
    [
      'a field the kind does not have',
      { to: '5511999990001@s.whatsapp.net', content: { kind: 'audio', media: photo, caption: 'x' } },
      /content has an unknown field caption/,
    ],
    [
      'a recipient that is not a jid',
      { to: '+55 11 99999-0001', content: { kind: 'text', text: 'x' } },
      /to must match pattern/,
    ],
    [
      'a mention that is not a user',
      {
        to: '5511999990001@s.whatsapp.net',
        content: { kind: 'text', text: 'x' },
        options: { mentions: ['everyone'] },
      },
      /options\.mentions\.0 must match pattern/,
    ],
  ])('refuses a send-message with %s before it reaches the session', async (_case, request, message) => {
    const error = await send(request as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'validation_failed', message: expect.stringMatching(message) });
    expect((error as Error).message).toMatch(/^invalid send-message command: /);
    expect(session().checked).toEqual([]);
    expect(session().sent).toEqual([]);
  });

  it('refuses malformed lifecycle commands and commands naming another instance', async () => {
    await expect(command('get-status', { instance: 'shop', verbose: true })).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'invalid get-status command: the command has an unknown field verbose',
    });
    await expect(command('request-pairing-code', { instance: 'shop', phone: 'abc' })).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('phone must match pattern'),
    });
    await expect(command('close', { instance: 'other' })).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'invalid close command: it names instance other but was sent to shop',
    });
    expect(session().closed).toEqual([]);
    expect(session().status().state).toBe('connected');
    await expect(bus.request(`zg.cmd.shop.teleport`, { instance: 'shop' })).rejects.toMatchObject({
      code: 'not_implemented',
      message: 'unknown command teleport',
    });
  });
});
