import type { EventEnvelope, WebhookInstance } from '@zapgate/contracts';
import { renderMegaWebhook } from './mega-webhook.renderer.js';

const instance: WebhookInstance = { key: 'shop', me: { id: '5511970000001@s.whatsapp.net' } };
const ANA = '5511970000002@s.whatsapp.net';

describe('mega-API poll votes', () => {
  it('a vote is the pollUpdateMessage as Baileys has it, plus pollUpdate: the poll key, the choice and the tally', () => {
    const envelope: EventEnvelope<'poll-voted'> = {
      id: 'f6f2b8b0-0000-4000-8000-000000000002',
      instance: 'shop',
      event: 'poll-voted',
      at: '2026-11-23T03:22:00.000Z',
      data: {
        id: 'VOTE1',
        chat: ANA,
        sender: ANA,
        fromMe: false,
        pushName: 'Ana',
        timestamp: 1795404220,
        target: { id: 'POLL1', fromMe: true },
        selectedOptions: ['Pick-up'],
        tally: [
          { name: 'Delivery', votes: 0, voters: [] },
          { name: 'Pick-up', votes: 1, voters: [ANA] },
        ],
        raw: {
          key: { remoteJid: ANA, fromMe: false, id: 'VOTE1' },
          message: {
            pollUpdateMessage: {
              pollCreationMessageKey: { remoteJid: ANA, fromMe: true, id: 'POLL1' },
              vote: { encPayload: 'AAEC', encIv: 'AwQF' },
              senderTimestampMs: 1795404220123,
            },
          },
          messageTimestamp: 1795404220,
        },
      },
    };
    expect(renderMegaWebhook(envelope, instance)).toEqual([
      {
        event: 'message',
        body: {
          instance_key: 'shop',
          jid: '5511970000001@s.whatsapp.net',
          messageType: 'pollUpdateMessage',
          key: { remoteJid: ANA, fromMe: false, id: 'VOTE1' },
          messageTimestamp: 1795404220,
          pushName: 'Ana',
          broadcast: false,
          message: {
            pollUpdateMessage: {
              pollCreationMessageKey: { remoteJid: ANA, fromMe: true, id: 'POLL1' },
              vote: { encPayload: 'AAEC', encIv: 'AwQF' },
              senderTimestampMs: '1795404220123',
            },
          },
          pollUpdate: {
            pollCreationMessageKey: { remoteJid: ANA, fromMe: true, id: 'POLL1' },
            selectedOptions: ['Pick-up'],
            votes: [
              { name: 'Delivery', voters: [] },
              { name: 'Pick-up', voters: [ANA] },
            ],
          },
        },
      },
    ]);
  });
});
