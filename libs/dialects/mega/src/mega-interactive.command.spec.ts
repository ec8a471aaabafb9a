import { DomainError, ErrorCode, type MediaReference } from '@zapgate/contracts';
import { megaListMessage, megaTemplateMessage, megaTemplateWithMedia } from './mega-interactive.command.js';
import type {
  MegaListMessageDto,
  MegaTemplateButtonDto,
  MegaTemplateMessageDto,
  MegaTemplateWithMediaDto,
} from './mega-interactive.dto.js';

const BIA = '5511970000003@s.whatsapp.net';
const media: MediaReference = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  size: 10,
  mime: 'image/jpeg',
  sha256: '0'.repeat(64),
};
const template = (buttons: MegaTemplateButtonDto[], over: object = {}) =>
  ({
    messageData: { to: '5511970000003', text: 'Confirm?', footerText: 'Shop', buttons, ...over },
  }) as MegaTemplateMessageDto;
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

describe(megaListMessage.name, () => {
  it('text is the text, title the title, description the footer, rowId the id', () => {
    const body = {
      messageData: {
        to: '5511970000003@s.whatsapp.net',
        buttonText: 'Menu',
        text: 'Choose',
        title: 'Today',
        description: 'Shop',
        sections: [{ title: 'Mains', rows: [{ title: 'Pizza', description: 'Large', rowId: 'pizza' }] }],
        listType: 1,
      },
    } as MegaListMessageDto;
    expect(megaListMessage('shop', body)).toEqual({
      instance: 'shop',
      to: BIA,
      content: {
        kind: 'list',
        text: 'Choose',
        buttonText: 'Menu',
        title: 'Today',
        footer: 'Shop',
        sections: [{ title: 'Mains', rows: [{ id: 'pizza', title: 'Pizza', description: 'Large' }] }],
      },
    });
  });
});

describe(megaTemplateMessage.name, () => {
  it('replyButton (payload or title as id), urlButton and callButton as template buttons', () => {
    expect(
      megaTemplateMessage(
        'shop',
        template([
          { type: 'replyButton', title: 'Yes' },
          { type: 'replyButton', title: 'No', payload: 'answer-no' },
          { type: 'urlButton', title: 'Site', payload: 'https://example.com' },
          { type: 'callButton', title: 'Call', payload: '+55 11 99999-0001' },
        ]),
      ),
    ).toEqual({
      instance: 'shop',
      to: BIA,
      content: {
        kind: 'template',
        text: 'Confirm?',
        footer: 'Shop',
        buttons: [
          { type: 'reply', id: 'Yes', text: 'Yes' },
          { type: 'reply', id: 'answer-no', text: 'No' },
          { type: 'url', text: 'Site', url: 'https://example.com' },
          { type: 'call', text: 'Call', phone: '+5511999990001' },
        ],
      },
    });
  });

  it('a url or call button without a usable payload is a 400 naming it', () => {
    refused(
      () => megaTemplateMessage('shop', template([{ type: 'urlButton', title: 'Site' }])),
      ErrorCode.ValidationFailed,
      /buttons\[0\]\.payload must be the http\(s\) URL/,
    );
    refused(
      () =>
        megaTemplateMessage(
          'shop',
          template([
            { type: 'replyButton', title: 'Ok' },
            { type: 'callButton', title: 'Call', payload: 'soon' },
          ]),
        ),
      ErrorCode.ValidationFailed,
      /buttons\[1\]\.payload must be the phone/,
    );
  });
});

describe(megaTemplateWithMedia.name, () => {
  const body = (over: object = {}) =>
    ({
      messageData: {
        ...template([{ type: 'replyButton', title: 'Yes' }]).messageData,
        imageUrl: 'https://example.com/menu.jpg',
        mediaType: 'image',
        mimeType: 'image/jpeg',
        ...over,
      },
    }) as MegaTemplateWithMediaDto;

  it('takes imageUrl in as an image, then sends the template with it', () => {
    const send = megaTemplateWithMedia('shop', body());
    expect(send.input).toEqual({ url: 'https://example.com/menu.jpg', mime: 'image/jpeg' });
    expect(send.kind).toBe('image');
    expect(send.commands(media)).toEqual([
      {
        instance: 'shop',
        to: BIA,
        content: {
          kind: 'template',
          text: 'Confirm?',
          footer: 'Shop',
          media,
          buttons: [{ type: 'reply', id: 'Yes', text: 'Yes' }],
        },
      },
    ]);
  });

  it('a data URI is decoded rather than fetched; another mediaType is a 501; a bad button a 400 first', () => {
    expect(
      megaTemplateWithMedia('shop', body({ imageUrl: 'data:image/png;base64,iVBOR', mimeType: undefined }))
        .input,
    ).toEqual({
      base64: 'data:image/png;base64,iVBOR',
    });
    refused(
      () => megaTemplateWithMedia('shop', body({ mediaType: 'video' })),
      ErrorCode.NotImplemented,
      /image/,
    );
    refused(
      () => megaTemplateWithMedia('shop', body({ buttons: [{ type: 'urlButton', title: 'x' }] })),
      ErrorCode.ValidationFailed,
      /payload/,
    );
  });
});
