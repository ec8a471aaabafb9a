import { MemoryInstanceRepository } from '@zapgate/storage';
import { DomainError, ErrorCode, type SendMessageCommand, type SentMessage } from '@zapgate/contracts';
import { FakeShard } from './fake-shard.fixture.js';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';
import { MessagingService } from './messaging.service.js';

const sent = (to: string): SentMessage => ({
  id: '3EB0ABC',
  remoteJid: to,
  fromMe: true,
  timestamp: 1_763_856_000,
  raw: { key: { remoteJid: to, fromMe: true, id: '3EB0ABC' } },
});

describe(MessagingService.name, () => {
  let shard: FakeShard;
  let sut: MessagingService;

  beforeEach(async () => {
    shard = await FakeShard.start();
    const registry = new InstanceRegistry(new MemoryInstanceRepository());
    sut = new MessagingService(registry, new InstanceClient(shard.bus, shard.settings));
    await registry.create('shop', 'mega');
  });

  it('sends the canonical command as send-message, unchanged, and answers what the shard sent', async () => {
    shard.answer('send-message', (r) => sent(r.to));
    const command: SendMessageCommand = {
      instance: 'shop',
      to: '5511999999999@s.whatsapp.net',
      content: { kind: 'text', text: 'your order shipped' },
      options: { mentions: ['5511888888888@s.whatsapp.net'] },
    };
    expect(await sut.send(command)).toEqual(sent('5511999999999@s.whatsapp.net'));
    expect(shard.received).toEqual([{ verb: 'send-message', request: command }]);
  });

  it('leaves the number check to the shard: its refusal comes back with the number', async () => {
    shard.answer('send-message', (r) => {
      throw new DomainError(ErrorCode.NumberNotOnWhatsApp, 'the number 5511000000000 is not on WhatsApp', {
        number: r.to.split('@')[0],
      });
    });
    const refusal = sut.send({
      instance: 'shop',
      to: '5511000000000@s.whatsapp.net',
      content: { kind: 'text', text: 'x' },
    });
    await expect(refusal).rejects.toBeInstanceOf(DomainError);
    await expect(refusal).rejects.toMatchObject({
      code: ErrorCode.NumberNotOnWhatsApp,
      details: { number: '5511000000000' },
    });
    expect(shard.verbs()).toEqual(['send-message']); // no check-numbers of its own
  });

  it('refuses an unknown instance without sending anything', async () => {
    shard.answer('send-message', (r) => sent(r.to));
    await expect(
      sut.send({
        instance: 'nope',
        to: '5511999999999@s.whatsapp.net',
        content: { kind: 'text', text: 'x' },
      }),
    ).rejects.toMatchObject({ code: ErrorCode.InstanceNotFound });
    await expect(sut.checkNumbers('nope', ['5511999999999'])).rejects.toMatchObject({
      code: ErrorCode.InstanceNotFound,
    });
    expect(shard.received).toEqual([]);
  });

  it('checks numbers on the shard', async () => {
    shard.answer('check-numbers', (r) =>
      r.numbers.map((n) =>
        n.endsWith('9')
          ? { input: n, exists: true, jid: `${n}@s.whatsapp.net` }
          : { input: n, exists: false },
      ),
    );
    expect(await sut.checkNumbers('shop', ['5511999999999', '5511000000000'])).toEqual([
      { input: '5511999999999', exists: true, jid: '5511999999999@s.whatsapp.net' },
      { input: '5511000000000', exists: false },
    ]);
  });
});
