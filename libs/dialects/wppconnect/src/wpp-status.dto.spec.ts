import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ErrorCode, type MediaReference } from '@zapgate/contracts';
import {
  WPP_TEMPORARY_SECONDS,
  WppSendTextStoryDto,
  wppFileStory,
  wppReactionsReply,
  wppStatusText,
  wppTemporaryMessages,
  wppTemporaryMessagesReply,
  wppTextStory,
} from './wpp-status.dto.js';

const media: MediaReference = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  size: 10,
  mime: 'image/jpeg',
  sha256: 'a'.repeat(64),
};

describe('WPPConnect status, stories, temporary messages and reactions', () => {
  it('send-status posts its message as a text status', () => {
    expect(wppStatusText({ message: 'open' })).toEqual({ kind: 'text', text: 'open' });
  });

  it('send-text-storie carries background colour and font; no text is the 401 wppconnect answers', () => {
    expect(wppTextStory({ text: 'sale', options: { backgroundColor: '#0275d8', font: 2 } })).toEqual({
      kind: 'text',
      text: 'sale',
      backgroundColor: '#0275d8',
      font: 2,
    });
    for (const body of [{}, { text: '' }, { text: '  ' }])
      expect(() => wppTextStory(body)).toThrow(
        expect.objectContaining({
          code: ErrorCode.Unauthorized,
          details: { wppBody: { message: 'Text was not informed' } },
        }),
      );
  });

  it('validates the text story options (colour, font 0-10)', () => {
    const errors = (body: object) => validateSync(plainToInstance(WppSendTextStoryDto, body));
    expect(errors({ text: 'x', options: { backgroundColor: '#0275d8', font: '2' } })).toEqual([]);
    expect(errors({ text: 'x', options: { backgroundColor: 'blue' } })).not.toEqual([]);
    expect(errors({ text: 'x', options: { font: 11 } })).not.toEqual([]);
  });

  it('image and video stories take their kind of file only', () => {
    expect(wppFileStory('image', { caption: 'c' }, media)).toEqual({ kind: 'image', media, caption: 'c' });
    const video = { ...media, mime: 'video/mp4' };
    expect(wppFileStory('video', {}, video)).toEqual({ kind: 'video', media: video });
    expect(() => wppFileStory('image', {}, video)).toThrow(/needs an image/);
    expect(() => wppFileStory('video', {}, media)).toThrow(/needs a video/);
  });

  it('temporary-messages turns 7 days on (value true, the default) or off for each chat', () => {
    expect(wppTemporaryMessages('s', { phone: ['5511999990002'] })).toEqual([
      { instance: 's', chat: '5511999990002@s.whatsapp.net', seconds: WPP_TEMPORARY_SECONDS },
    ]);
    expect(wppTemporaryMessages('s', { phone: ['120363040000000001'], isGroup: true, value: false })).toEqual(
      [{ instance: 's', chat: '120363040000000001@g.us', seconds: 0 }],
    );
    expect(WPP_TEMPORARY_SECONDS).toBe(604_800);
    expect(wppTemporaryMessagesReply()).toEqual({ status: 'success', response: true });
  });

  it("reactions/{id} answers wa-js getReactions' shape: one aggregate per emoji, the session's reaction apart", () => {
    const reply = wppReactionsReply({
      id: 'M1',
      chat: '120363040000000001@g.us',
      fromMe: true,
      reactions: [
        { id: 'R1', sender: '5511999990002@s.whatsapp.net', fromMe: false, emoji: '👍', timestamp: 1_000 },
        { id: 'R2', sender: '5511999990001@s.whatsapp.net', fromMe: true, emoji: '👍', timestamp: 2_000 },
        { id: 'R3', sender: '5511999990003@lid', fromMe: false, emoji: '❤️', timestamp: 3_000 },
      ],
    });
    const mine = {
      id: 'true_120363040000000001@g.us_R2',
      orphan: 0,
      msgId: 'true_120363040000000001@g.us_M1',
      reactionText: '👍',
      read: true,
      senderUserJid: '5511999990001@c.us',
      timestamp: 2_000,
    };
    expect(reply).toEqual({
      status: 'success',
      response: {
        reactionByMe: mine,
        reactions: [
          {
            aggregateEmoji: '👍',
            hasReactionByMe: true,
            senders: [
              mine,
              {
                ...mine,
                id: 'false_120363040000000001@g.us_R1',
                senderUserJid: '5511999990002@c.us',
                timestamp: 1_000,
              },
            ],
          },
          {
            aggregateEmoji: '❤️',
            hasReactionByMe: false,
            senders: [
              {
                ...mine,
                id: 'false_120363040000000001@g.us_R3',
                reactionText: '❤️',
                senderUserJid: '5511999990003@lid',
                timestamp: 3_000,
              },
            ],
          },
        ],
      },
    });
    expect(wppReactionsReply({ id: 'M', chat: 'x@s.whatsapp.net', fromMe: false, reactions: [] })).toEqual({
      status: 'success',
      response: { reactionByMe: null, reactions: [] },
    });
  });
});
