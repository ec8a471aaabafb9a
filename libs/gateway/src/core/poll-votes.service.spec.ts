import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DomainError, ErrorCode } from '@zapgate/contracts';
import { openEmbeddedStorage, type EmbeddedStorage, MemoryInstanceRepository } from '@zapgate/storage';
import { serializeMessage } from '@zapgate/whatsapp';
import { InstanceRegistry } from './instance-registry.js';
import { PollVotesService } from './poll-votes.service.js';

const ME = '5511999990001@s.whatsapp.net';
const ANA = '5511999990002@s.whatsapp.net';
const hash = (o: string) => createHash('sha256').update(o).digest();

describe(PollVotesService.name, () => {
  let dir: string;
  let storage: EmbeddedStorage;
  let sut: PollVotesService;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-poll-votes-'));
    storage = await openEmbeddedStorage(join(dir, 'store'));
    const registry = new InstanceRegistry(new MemoryInstanceRepository());
    sut = new PollVotesService(registry, storage.messages);
    await registry.create('shop', 'wppconnect');
    await storage.messages.save([
      {
        instance: 'shop',
        id: 'POLL1',
        chat: ANA,
        fromMe: true,
        timestamp: 1_795_404_220_000,
        kind: 'poll',
        raw: serializeMessage({
          key: { remoteJid: ANA, fromMe: true, id: 'POLL1' },
          message: {
            pollCreationMessageV3: {
              name: 'Which day?',
              options: [{ optionName: 'Monday' }, { optionName: 'Friday' }],
              selectableOptionsCount: 1,
            },
          },
          pollUpdates: [
            {
              pollUpdateMessageKey: { remoteJid: ANA, fromMe: false, id: 'V1' },
              vote: { selectedOptions: [hash('Friday')] },
              senderTimestampMs: 1_795_404_230_000,
            },
            {
              pollUpdateMessageKey: { remoteJid: ANA, fromMe: true, id: 'V2' },
              vote: { selectedOptions: [hash('Friday')] },
            },
          ],
        }),
      },
      {
        instance: 'shop',
        id: 'TEXT1',
        chat: ANA,
        fromMe: true,
        timestamp: 1_795_404_220_000,
        kind: 'text',
        text: 'hi',
        raw: serializeMessage({
          key: { remoteJid: ANA, fromMe: true, id: 'TEXT1' },
          message: { conversation: 'hi' },
        }),
      },
    ]);
  });
  afterEach(async () => {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("answers a stored poll's votes and tally from the message store (the instance's own vote as me)", async () => {
    expect(await sut.votes('shop', 'POLL1', ANA, ME)).toEqual({
      id: 'POLL1',
      chat: ANA,
      fromMe: true,
      poll: { name: 'Which day?', options: ['Monday', 'Friday'], selectableCount: 1 },
      votes: [
        { voter: ANA, fromMe: false, selectedOptions: ['Friday'], timestampMs: 1_795_404_230_000 },
        { voter: ME, fromMe: true, selectedOptions: ['Friday'] },
      ],
      tally: [
        { name: 'Monday', votes: 0, voters: [] },
        { name: 'Friday', votes: 2, voters: [ANA, ME] },
      ],
    });
  });

  it('message_not_found for an unknown id or another chat, validation_failed for a message that is no poll', async () => {
    const code = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: DomainError) => e.code,
      );
    expect(await code(sut.votes('shop', 'NOPE', undefined, ME))).toBe(ErrorCode.MessageNotFound);
    expect(await code(sut.votes('shop', 'POLL1', '5511999990009@s.whatsapp.net', ME))).toBe(
      ErrorCode.MessageNotFound,
    );
    expect(await code(sut.votes('shop', 'TEXT1', undefined, ME))).toBe(ErrorCode.ValidationFailed);
    expect(await code(sut.votes('nobody', 'POLL1', undefined, ME))).toBe(ErrorCode.InstanceNotFound);
  });
});
