import { decryptPollVote, proto } from '@whiskeysockets/baileys';
import { createHash } from 'node:crypto';
import { encryptPollVote, interactiveOf, pollOf, replyOf } from './phone-poll.js';

describe(encryptPollVote.name, () => {
  it("makes a vote Baileys' decryptPollVote opens with the same poll, creator, voter and secret", () => {
    const context = {
      pollId: '3EB0C767D26A1D8E2B5F',
      pollCreatorJid: '5511960000001@s.whatsapp.net',
      voterJid: '5511960000002@s.whatsapp.net',
      secret: Buffer.alloc(32, 5),
    };
    const vote = encryptPollVote(['Tuesday', 'Friday'], context);
    const opened = decryptPollVote(vote, {
      ...context,
      pollMsgId: context.pollId,
      pollEncKey: context.secret,
    });
    expect(opened.selectedOptions.map((h) => Buffer.from(h).toString('hex'))).toEqual(
      ['Tuesday', 'Friday'].map((o) => createHash('sha256').update(o).digest('hex')),
    );
    expect(() =>
      decryptPollVote(vote, { ...context, pollMsgId: context.pollId, pollEncKey: Buffer.alloc(32, 6) }),
    ).toThrow();
  });
});

describe('what a phone shows', () => {
  it('a poll with its options and secret; an answer with what was picked', () => {
    const secret = Buffer.alloc(32, 1);
    expect(
      pollOf({
        messageContextInfo: { messageSecret: secret },
        pollCreationMessage: {
          name: 'Q',
          options: [{ optionName: 'a' }, { optionName: 'b' }],
          selectableOptionsCount: 0,
        },
      }),
    ).toEqual({ poll: { name: 'Q', options: ['a', 'b'], selectableCount: 0 }, secret });
    expect(pollOf({ conversation: 'hi' })).toBeUndefined();
    expect(
      replyOf({
        buttonsResponseMessage: {
          selectedButtonId: 'yes',
          selectedDisplayText: 'Yes',
          type: proto.Message.ButtonsResponseMessage.Type.DISPLAY_TEXT,
          contextInfo: { stanzaId: 'ASKED' },
        },
      }),
    ).toEqual({ kind: 'buttons', id: 'yes', title: 'Yes', to: 'ASKED' });
  });
});

describe(interactiveOf.name, () => {
  it('shows a list, buttons, a template or a native flow with the choices an answer sends back', () => {
    expect(
      interactiveOf({
        listMessage: {
          description: 'Choose',
          sections: [{ title: 'Mains', rows: [{ rowId: 'pizza', title: 'Pizza' }] }],
        },
      }),
    ).toEqual({
      kind: 'list',
      text: 'Choose',
      choices: [{ id: 'pizza', title: 'Pizza' }],
      sections: [{ title: 'Mains', rows: [{ id: 'pizza', title: 'Pizza' }] }],
    });
    expect(
      interactiveOf({
        buttonsMessage: {
          contentText: 'Confirm?',
          buttons: [{ buttonId: 'yes', buttonText: { displayText: 'Yes' } }],
        },
      }),
    ).toEqual({ kind: 'buttons', text: 'Confirm?', choices: [{ id: 'yes', title: 'Yes' }] });
    expect(
      interactiveOf({
        templateMessage: {
          hydratedTemplate: {
            hydratedContentText: 'Menu',
            hydratedButtons: [
              { quickReplyButton: { id: 'ok', displayText: 'OK' } },
              { urlButton: { url: 'https://example.com', displayText: 'Site' } },
            ],
          },
        },
      }),
    ).toEqual({
      kind: 'template',
      text: 'Menu',
      choices: [
        { id: 'ok', title: 'OK' },
        { id: 'https://example.com', title: 'Site' },
      ],
      buttons: [
        { type: 'reply', title: 'OK', value: 'ok' },
        { type: 'url', title: 'Site', value: 'https://example.com' },
      ],
    });
    expect(
      interactiveOf({
        interactiveMessage: {
          body: { text: 'Pick' },
          nativeFlowMessage: {
            buttons: [{ name: 'quick_reply', buttonParamsJson: '{"id":"opt-1","display_text":"First"}' }],
          },
        },
      }),
    ).toEqual({ kind: 'interactive', text: 'Pick', choices: [{ id: 'opt-1', title: 'First' }] });
    expect(interactiveOf({ conversation: 'hi' })).toBeUndefined();
  });

  it("shows a list's title, footer and button, buttons' header, a template's call button and image", () => {
    expect(
      interactiveOf({
        listMessage: {
          title: 'Today',
          description: 'Choose',
          footerText: 'Shop',
          buttonText: 'Menu',
          sections: [{ rows: [{ rowId: 'a', title: 'A', description: 'first' }] }],
        },
      }),
    ).toMatchObject({
      title: 'Today',
      footer: 'Shop',
      buttonText: 'Menu',
      sections: [{ rows: [{ id: 'a', title: 'A', description: 'first' }] }],
    });
    expect(
      interactiveOf({
        buttonsMessage: { contentText: 'Ok?', text: 'Order', footerText: 'Shop', buttons: [] },
      }),
    ).toMatchObject({ kind: 'buttons', title: 'Order', footer: 'Shop' });
    expect(
      interactiveOf({
        templateMessage: {
          hydratedTemplate: {
            hydratedContentText: 'Menu',
            hydratedFooterText: 'Shop',
            imageMessage: { mimetype: 'image/png' },
            hydratedButtons: [{ callButton: { phoneNumber: '+5511999990001', displayText: 'Call' } }],
          },
        },
      }),
    ).toMatchObject({
      footer: 'Shop',
      image: { mimetype: 'image/png' },
      buttons: [{ type: 'call', title: 'Call', value: '+5511999990001' }],
    });
  });
});
