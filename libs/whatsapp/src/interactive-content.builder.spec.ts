import { generateWAMessageFromContent, proto } from '@whiskeysockets/baileys';
import type { MediaReference } from '@zapgate/contracts';
import { buildInteractiveMessage, isInteractive } from './interactive-content.builder.js';
import { buildMessageContent } from './message-content.builder.js';
import { textOf } from './normalize.js';

const media: MediaReference = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  size: 3,
  mime: 'image/jpeg',
  sha256: '0'.repeat(64),
};

/** What a receiving client decodes: the message encoded and decoded as protobuf. */
const wire = (message: proto.IMessage) =>
  proto.Message.toObject(proto.Message.decode(proto.Message.encode(message).finish()), {
    enums: String,
    defaults: false,
  });

describe(buildInteractiveMessage.name, () => {
  it('builds a single-select list with its sections and rows', () => {
    const message = buildInteractiveMessage({
      kind: 'list',
      text: 'Choose your dish',
      buttonText: 'Menu',
      title: 'Today',
      footer: 'Shop',
      sections: [
        { title: 'Mains', rows: [{ id: 'pizza', title: 'Pizza', description: 'Large' }] },
        { rows: [{ id: 'soda', title: 'Soda' }] },
      ],
    });
    expect(wire(message)).toEqual({
      listMessage: {
        title: 'Today',
        description: 'Choose your dish',
        buttonText: 'Menu',
        footerText: 'Shop',
        listType: 'SINGLE_SELECT',
        sections: [
          { title: 'Mains', rows: [{ rowId: 'pizza', title: 'Pizza', description: 'Large' }] },
          { rows: [{ rowId: 'soda', title: 'Soda' }] },
        ],
      },
    });
  });

  it('builds quick-reply buttons, with a text header only when titled', () => {
    expect(
      wire(
        buildInteractiveMessage({
          kind: 'buttons',
          text: 'Confirm?',
          title: 'Order 42',
          footer: 'Shop',
          buttons: [
            { id: 'yes', text: 'Yes' },
            { id: 'no', text: 'No' },
          ],
        }),
      ),
    ).toEqual({
      buttonsMessage: {
        contentText: 'Confirm?',
        footerText: 'Shop',
        text: 'Order 42',
        headerType: 'TEXT',
        buttons: [
          { buttonId: 'yes', buttonText: { displayText: 'Yes' }, type: 'RESPONSE' },
          { buttonId: 'no', buttonText: { displayText: 'No' }, type: 'RESPONSE' },
        ],
      },
    });
    expect(
      wire(buildInteractiveMessage({ kind: 'buttons', text: 'Ok?', buttons: [{ id: 'ok', text: 'Ok' }] }))
        .buttonsMessage,
    ).toMatchObject({ headerType: 'EMPTY', contentText: 'Ok?' });
  });

  it('builds a hydrated template with reply, url and call buttons, indexed in order', () => {
    const message = buildInteractiveMessage({
      kind: 'template',
      text: 'Do you confirm?',
      footer: 'Shop',
      buttons: [
        { type: 'reply', id: 'yes', text: 'Yes' },
        { type: 'url', text: 'Site', url: 'https://example.com' },
        { type: 'call', text: 'Call us', phone: '+5511999990001' },
      ],
    });
    expect(wire(message)).toEqual({
      templateMessage: {
        hydratedTemplate: {
          hydratedContentText: 'Do you confirm?',
          hydratedFooterText: 'Shop',
          hydratedButtons: [
            { index: 0, quickReplyButton: { displayText: 'Yes', id: 'yes' } },
            { index: 1, urlButton: { displayText: 'Site', url: 'https://example.com' } },
            { index: 2, callButton: { displayText: 'Call us', phoneNumber: '+5511999990001' } },
          ],
        },
      },
    });
  });

  it("puts a template's uploaded image above its text, and refuses media without it", () => {
    const content = {
      kind: 'template' as const,
      text: 'Menu',
      media,
      buttons: [{ type: 'reply' as const, id: 'see', text: 'See' }],
    };
    const image = { url: 'https://mmg.whatsapp.net/x.enc', mimetype: 'image/jpeg', directPath: '/v/x.enc' };
    expect(wire(buildInteractiveMessage(content, image)).templateMessage?.hydratedTemplate).toMatchObject({
      imageMessage: image,
      hydratedContentText: 'Menu',
    });
    expect(() => buildInteractiveMessage(content)).toThrow(/uploaded image/);
  });

  it('makes a full message Baileys relays and stores (generateWAMessageFromContent), quoting when asked', () => {
    const quoted = {
      key: { remoteJid: '5511999990002@s.whatsapp.net', fromMe: false, id: 'QUOTED1' },
      message: { conversation: 'menu?' },
    };
    const full = generateWAMessageFromContent(
      '5511999990002@s.whatsapp.net',
      buildInteractiveMessage({
        kind: 'list',
        text: 'Choose',
        buttonText: 'Menu',
        sections: [{ rows: [{ id: 'a', title: 'A' }] }],
      }),
      { userJid: '5511999990001@s.whatsapp.net', messageId: 'ABCDEF123456', quoted },
    );
    expect(full.key).toEqual({ remoteJid: '5511999990002@s.whatsapp.net', fromMe: true, id: 'ABCDEF123456' });
    expect(full.message?.listMessage?.contextInfo).toMatchObject({
      stanzaId: 'QUOTED1',
      quotedMessage: { conversation: 'menu?' },
    });
  });
});

describe(isInteractive.name, () => {
  it('tells lists, buttons and templates from the kinds Baileys builds', () => {
    expect(isInteractive({ kind: 'buttons', text: 'x', buttons: [{ id: 'a', text: 'A' }] })).toBe(true);
    expect(isInteractive({ kind: 'text', text: 'x' })).toBe(false);
    expect(() =>
      buildMessageContent({ kind: 'buttons', text: 'x', buttons: [{ id: 'a', text: 'A' }] }),
    ).toThrow(/buildInteractiveMessage/);
  });
});

describe('the text of lists, buttons and templates (textOf: the message store, message-received)', () => {
  it('is the list text, the buttons text or the template text', () => {
    const rows = [{ rows: [{ id: 'a', title: 'A' }] }];
    expect(
      textOf(buildInteractiveMessage({ kind: 'list', text: 'Pick', buttonText: 'Menu', sections: rows })),
    ).toBe('Pick');
    expect(
      textOf(buildInteractiveMessage({ kind: 'list', text: '', buttonText: 'Menu', sections: rows })),
    ).toBe(undefined);
    expect(
      textOf(buildInteractiveMessage({ kind: 'buttons', text: 'Ok?', buttons: [{ id: 'a', text: 'A' }] })),
    ).toBe('Ok?');
    expect(
      textOf(
        buildInteractiveMessage({
          kind: 'template',
          text: 'Menu',
          buttons: [{ type: 'reply', id: 'a', text: 'A' }],
        }),
      ),
    ).toBe('Menu');
  });
});
