import { DomainError, ErrorCode, type SendMessageCommand, type TemplateButton } from '@zapgate/contracts';
import { normalizeRecipient, templateCallPhone, templateUrl } from '@zapgate/dialect-common';
import type {
  MegaListMessageDto,
  MegaTemplateButtonDto,
  MegaTemplateMessageDataDto,
  MegaTemplateMessageDto,
  MegaTemplateWithMediaDto,
} from './mega-interactive.dto.js';
import type { MegaMediaSend } from './mega-send-media.command.js';

/**
 * `listMessage` (catalog 4.9) as a `list` send: `text` is the list's text, `title` its title,
 * `description` its footer (as the Baileys versions mega-API runs build it), each row's `rowId`
 * what an answer sends back. `listType` 0 and 1 are both sent single select: WhatsApp's lists
 * have no multiple select (its proto's value 1 is SINGLE_SELECT).
 */
export function megaListMessage(instance: string, body: MegaListMessageDto): SendMessageCommand {
  const d = body.messageData;
  return {
    instance,
    to: normalizeRecipient(d.to),
    content: {
      kind: 'list',
      text: d.text,
      buttonText: d.buttonText,
      ...(d.title ? { title: d.title } : {}),
      ...(d.description ? { footer: d.description } : {}),
      sections: d.sections.map((s) => ({
        ...(s.title ? { title: s.title } : {}),
        rows: s.rows.map((r) => ({
          id: r.rowId,
          title: r.title,
          ...(r.description ? { description: r.description } : {}),
        })),
      })),
    },
  };
}

/**
 * `templateMessage` (catalog 4.10) as a `template` send: `replyButton` a quick reply answered with
 * its `payload` (or, without one, its title), `urlButton` a link (`payload`: http(s) URL),
 * `callButton` a phone to call (`payload`: digits, optionally +); a missing or malformed payload
 * is a 400.
 */
export function megaTemplateMessage(instance: string, body: MegaTemplateMessageDto): SendMessageCommand {
  return {
    instance,
    to: normalizeRecipient(body.messageData.to),
    content: templateContent(body.messageData),
  };
}

/**
 * `templateMessageWithMedia` (catalog 4.11): the 4.10 template with an image above its text,
 * `imageUrl` a URL (or a data URI) taken in through the media intake like `mediaUrl`. `mediaType`
 * other than image is a 501: zapgate sends image headers only.
 */
export function megaTemplateWithMedia(instance: string, body: MegaTemplateWithMediaDto): MegaMediaSend {
  const d = body.messageData;
  const type = d.mediaType?.trim().toLowerCase();
  if (type && type !== 'image')
    throw new DomainError(
      ErrorCode.NotImplemented,
      `mediaType ${d.mediaType} is not supported: templateMessageWithMedia sends an image above the text (mediaType image)`,
    );
  const to = normalizeRecipient(d.to);
  const content = templateContent(d); // a bad button refuses the request before the image is fetched
  const source = d.imageUrl.trim();
  return {
    input: {
      ...(source.startsWith('data:') ? { base64: source } : { url: source }),
      ...(d.mimeType ? { mime: d.mimeType } : {}),
    },
    kind: 'image',
    recipients: [{ to: d.to, jid: to }],
    commands: (media) => [{ instance, to, content: { ...content, media } }],
  };
}

function templateContent(d: MegaTemplateMessageDataDto) {
  return {
    kind: 'template' as const,
    text: d.text,
    ...(d.footerText ? { footer: d.footerText } : {}),
    buttons: d.buttons.map((b, i) => templateButton(b, `buttons[${i}].payload`)),
  };
}

function templateButton(b: MegaTemplateButtonDto, field: string): TemplateButton {
  switch (b.type) {
    case 'replyButton': {
      const id = b.payload?.trim() || b.title;
      if (id.length > 200)
        throw new DomainError(
          ErrorCode.ValidationFailed,
          `${field} of a replyButton is its id: at most 200 characters`,
        );
      return { type: 'reply', id, text: b.title };
    }
    case 'urlButton':
      return { type: 'url', text: b.title, url: templateUrl(b.payload, field) };
    case 'callButton':
      return { type: 'call', text: b.title, phone: templateCallPhone(b.payload, field) };
  }
}
