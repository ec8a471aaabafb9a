import { DomainError, ErrorCode } from '@zapgate/contracts';
import {
  WPP_LIST_BUTTON_TEXT,
  wppButtonsMessages,
  wppListMessages,
  wppSendButtonsReply,
} from './wpp-poll-list.command.js';
import type { WppSendButtonsDto, WppSendListDto } from './wpp-poll-list.dto.js';

const ANA = '5511970000002@s.whatsapp.net';
const BIA = '5511970000003@s.whatsapp.net';
const list = (over: Partial<WppSendListDto> = {}): WppSendListDto =>
  ({
    phone: ['5511970000002'],
    description: 'Choose your dish',
    buttonText: 'Menu',
    sections: [{ title: 'Mains', rows: [{ rowId: 'pizza', title: 'Pizza', description: 'Large' }] }],
    ...over,
  }) as WppSendListDto;
const buttons = (
  options: Record<string, unknown>,
  over: Partial<WppSendButtonsDto> = {},
): WppSendButtonsDto =>
  ({ phone: ['5511970000002'], message: 'Confirm?', options, ...over }) as WppSendButtonsDto;
const refused = (run: () => unknown, code: ErrorCode, message: RegExp) => {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe(code);
    expect((err as DomainError).message).toMatch(message);
    return;
  }
  throw new Error('expected a refusal');
};

describe(wppListMessages.name, () => {
  it('one list per recipient: description is the text, rowId the id an answer sends back', () => {
    expect(wppListMessages('store', list({ phone: ['5511970000002', '5511970000003'] }))).toEqual(
      [ANA, BIA].map((to) => ({
        instance: 'store',
        to,
        content: {
          kind: 'list',
          text: 'Choose your dish',
          buttonText: 'Menu',
          sections: [{ title: 'Mains', rows: [{ id: 'pizza', title: 'Pizza', description: 'Large' }] }],
        },
      })),
    );
  });

  it("defaults as wppconnect does: no description is '', no buttonText is 'SELECIONE UMA OPÇÃO'", () => {
    const [command] = wppListMessages(
      'store',
      list({
        description: undefined,
        buttonText: undefined,
        sections: [{ title: '', rows: [{ rowId: 'a', title: 'A' }] }],
      }),
    );
    expect(command!.content).toEqual({
      kind: 'list',
      text: '',
      buttonText: WPP_LIST_BUTTON_TEXT,
      sections: [{ rows: [{ id: 'a', title: 'A' }] }],
    });
  });

  it('a group recipient with isGroup; no phone is a 400', () => {
    expect(wppListMessages('store', list({ phone: ['120363040000000001'], isGroup: true }))[0]!.to).toBe(
      '120363040000000001@g.us',
    );
    refused(() => wppListMessages('store', list({ phone: [] })), ErrorCode.ValidationFailed, /phone/);
  });
});

describe(wppButtonsMessages.name, () => {
  it('{id, text} buttons are a buttons message with title and footer', () => {
    expect(
      wppButtonsMessages(
        'store',
        buttons({
          buttons: [
            { id: 'yes', text: 'Yes' },
            { id: 2, text: 'No' },
          ],
          title: 'Order',
          footer: 'Shop',
        }),
      ),
    ).toEqual([
      {
        instance: 'store',
        to: ANA,
        content: {
          kind: 'buttons',
          text: 'Confirm?',
          title: 'Order',
          footer: 'Shop',
          buttons: [
            { id: 'yes', text: 'Yes' },
            { id: '2', text: 'No' },
          ],
        },
      },
    ]);
  });

  it('a url or phoneNumber button (or useTemplateButtons) makes it a template', () => {
    const [command] = wppButtonsMessages(
      'store',
      buttons({
        buttons: [
          { id: 'yes', text: 'Yes' },
          { url: 'https://example.com', text: 'Site' },
          { phoneNumber: '+55 (11) 99999-0001', text: 'Call' },
        ],
        footer: 'Shop',
      }),
    );
    expect(command!.content).toEqual({
      kind: 'template',
      text: 'Confirm?',
      footer: 'Shop',
      buttons: [
        { type: 'reply', id: 'yes', text: 'Yes' },
        { type: 'url', text: 'Site', url: 'https://example.com' },
        { type: 'call', text: 'Call', phone: '+5511999990001' },
      ],
    });
    expect(
      wppButtonsMessages(
        'store',
        buttons({ buttons: [{ id: 'a', text: 'A' }], useTemplateButtons: true }),
      )[0]!.content.kind,
    ).toBe('template');
  });

  it('quotedMsg quotes a message', () => {
    const [command] = wppButtonsMessages(
      'store',
      buttons({
        buttons: [{ id: 'a', text: 'A' }],
        quotedMsg: 'true_5511970000002@c.us_3EB0C767D26A1D8E2B5F',
      }),
    );
    expect(command!.options).toEqual({ quoted: { id: '3EB0C767D26A1D8E2B5F', chat: ANA } });
  });

  it('bad buttons are 400s; an option zapgate does not carry out is a 501 naming it', () => {
    const bad = (options: Record<string, unknown>, message: RegExp) =>
      refused(() => wppButtonsMessages('store', buttons(options)), ErrorCode.ValidationFailed, message);
    bad({}, /1 to 3 buttons/);
    bad({ buttons: [] }, /1 to 3 buttons/);
    bad({ buttons: [1, 2, 3, 4].map((i) => ({ id: `${i}`, text: `${i}` })) }, /1 to 3 buttons/);
    bad({ buttons: [{ id: 'a' }] }, /text/);
    bad({ buttons: [{ text: 'A' }] }, /needs an id/);
    bad({ buttons: [{ url: 'ftp://example.com', text: 'A' }] }, /url must be the http\(s\) URL/);
    bad({ buttons: [{ phoneNumber: 'call me', text: 'A' }] }, /phoneNumber must be the phone/);
    bad({ buttons: [{ id: 'a', text: 'A' }], title: 5 }, /options.title/);
    refused(
      () => wppButtonsMessages('store', buttons({ buttons: [{ id: 'a', text: 'A' }], delay: 100 })),
      ErrorCode.NotImplemented,
      /options delay are not supported/,
    );
  });
});

describe(wppSendButtonsReply.name, () => {
  it('echoes the recipients as wppconnect ids, as wppconnect-server does', () => {
    expect(wppSendButtonsReply('store', [ANA, '120363040000000001@g.us'])).toEqual({
      status: 'success',
      response: ['5511970000002@c.us', '120363040000000001@g.us'],
      mapper: 'return',
      session: 'store',
    });
  });
});
