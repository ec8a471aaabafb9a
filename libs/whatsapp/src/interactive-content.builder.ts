import { proto } from '@whiskeysockets/baileys';
import type { MessageContent, TemplateButton } from '@zapgate/contracts';

/** The content kinds Baileys 7 no longer builds from `AnyMessageContent`: zapgate builds their proto. */
export type InteractiveContent = Extract<MessageContent, { kind: 'list' | 'buttons' | 'template' }>;

export function isInteractive(content: MessageContent): content is InteractiveContent {
  return content.kind === 'list' || content.kind === 'buttons' || content.kind === 'template';
}

/**
 * A list, buttons or template content as the `proto.IMessage` WhatsApp's clients read (what
 * Baileys 6 built from `sections`, `buttons` and `templateButtons`): a single-select
 * `listMessage`, a `buttonsMessage` of quick replies (a text header when it has a title), a
 * `templateMessage` whose `hydratedTemplate` carries the buttons and, above the text, `image` (the
 * uploaded `imageMessage`) when given, else the title. The session relays it as it is.
 */
export function buildInteractiveMessage(
  content: InteractiveContent,
  image?: proto.Message.IImageMessage,
): proto.IMessage {
  switch (content.kind) {
    case 'list':
      return {
        listMessage: {
          ...(content.title ? { title: content.title } : {}),
          ...(content.text ? { description: content.text } : {}),
          buttonText: content.buttonText,
          ...(content.footer ? { footerText: content.footer } : {}),
          listType: proto.Message.ListMessage.ListType.SINGLE_SELECT,
          sections: content.sections.map((s) => ({
            ...(s.title ? { title: s.title } : {}),
            rows: s.rows.map((r) => ({
              rowId: r.id,
              title: r.title,
              ...(r.description ? { description: r.description } : {}),
            })),
          })),
        },
      };
    case 'buttons':
      return {
        buttonsMessage: {
          contentText: content.text,
          ...(content.footer ? { footerText: content.footer } : {}),
          ...(content.title
            ? { text: content.title, headerType: proto.Message.ButtonsMessage.HeaderType.TEXT }
            : { headerType: proto.Message.ButtonsMessage.HeaderType.EMPTY }),
          buttons: content.buttons.map((b) => ({
            buttonId: b.id,
            buttonText: { displayText: b.text },
            type: proto.Message.ButtonsMessage.Button.Type.RESPONSE,
          })),
        },
      };
    case 'template':
      if (content.media && !image) throw new Error('a template with media needs its uploaded image');
      return {
        templateMessage: {
          hydratedTemplate: {
            hydratedContentText: content.text,
            ...(content.footer ? { hydratedFooterText: content.footer } : {}),
            ...(image ? { imageMessage: image } : content.title ? { hydratedTitleText: content.title } : {}),
            hydratedButtons: content.buttons.map((b, index) => ({ index, ...hydratedButton(b) })),
          },
        },
      };
  }
}

function hydratedButton(b: TemplateButton): proto.IHydratedTemplateButton {
  switch (b.type) {
    case 'reply':
      return { quickReplyButton: { displayText: b.text, id: b.id } };
    case 'url':
      return { urlButton: { displayText: b.text, url: b.url } };
    case 'call':
      return { callButton: { displayText: b.text, phoneNumber: b.phone } };
  }
}
