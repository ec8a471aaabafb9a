import type { Readable } from 'node:stream';
import type { AnyMessageContent, MiscMessageGenerationOptions } from '@whiskeysockets/baileys';
import type { StatusContent } from '@zapgate/contracts';
import { buildMessageContent } from './message-content.builder.js';

/** WhatsApp's status broadcast: every status post goes to this jid, with the recipients listed. */
export const STATUS_BROADCAST = 'status@broadcast';

/** A status post as Baileys sends it: the content, and the send options that deliver and style it. */
export interface StatusSend {
  content: AnyMessageContent;
  options: MiscMessageGenerationOptions & { backgroundColor?: string; font?: number };
}

/**
 * A canonical status post as Baileys' `sendMessage('status@broadcast', content, options)` takes it:
 * `statusJidList` names the recipients (WhatsApp delivers to them only); a text's background colour
 * and font go in the options, where Baileys puts them on the extendedTextMessage
 * (`backgroundArgb`, `font`). Media streams like a send's.
 */
export function buildStatusContent(
  content: StatusContent,
  recipients: string[],
  media?: Readable,
): StatusSend {
  if (content.kind === 'text')
    return {
      content: { text: content.text },
      options: {
        statusJidList: recipients,
        ...(content.backgroundColor ? { backgroundColor: content.backgroundColor } : {}),
        ...(content.font !== undefined ? { font: content.font } : {}),
      },
    };
  return { content: buildMessageContent(content, { media }), options: { statusJidList: recipients } };
}
