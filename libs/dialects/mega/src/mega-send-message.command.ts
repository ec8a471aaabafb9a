import type { SendMessageCommand } from '@zapgate/contracts';
import { normalizeRecipient } from '@zapgate/dialect-common';
import type { MegaSendTextDto } from './mega.dto.js';

/** `POST /rest/sendMessage/{key}/text` as the canonical send: `messageData.to` and `messageData.text`. */
export function megaTextMessage(instance: string, body: MegaSendTextDto): SendMessageCommand {
  return {
    instance,
    to: normalizeRecipient(body.messageData.to),
    content: { kind: 'text', text: body.messageData.text },
  };
}
