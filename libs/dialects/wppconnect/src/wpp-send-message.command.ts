import { DomainError, ErrorCode, type SendMessageCommand } from '@zapgate/contracts';
import { normalizeRecipient } from '@zapgate/dialect-common';
import { wppSendTextOptions } from './wpp-rich-message.command.js';
import type { WppSendMessageDto } from './wpp.dto.js';

/** The flags WPPConnect qualifies `phone` with (`contactToArray`, catalog 3.1). */
export interface WppRecipientFlags {
  isGroup?: boolean;
  isLid?: boolean;
  isNewsletter?: boolean;
}

/**
 * WPPConnect's `phone` (already split into a list) as jids, without repeats: `contactToArray`'s
 * flags over the recipient rule both dialects share (more than 14 digits is a LID).
 */
export function wppRecipients(phones: readonly string[], flags: WppRecipientFlags): string[] {
  if (!phones.length) throw new DomainError(ErrorCode.ValidationFailed, 'phone is required');
  if (flags.isNewsletter)
    throw new DomainError(ErrorCode.NotImplemented, 'sending to newsletters is not supported yet');
  return [
    ...new Set(
      phones.map((p) =>
        normalizeRecipient(p, { group: flags.isGroup, lid: flags.isLid, longNumbersAreLids: true }),
      ),
    ),
  ];
}

/** `POST /api/{session}/send-message` as one canonical text send per recipient, in order. */
export function wppTextMessages(session: string, body: WppSendMessageDto): SendMessageCommand[] {
  if (!body.phone?.length) throw new DomainError(ErrorCode.ValidationFailed, 'phone is required');
  // quotedMsg and mentionedList are carried out; any other option is a 501, never ignored
  const options = wppSendTextOptions(body.options);
  return wppRecipients(body.phone, body).map((to) => ({
    instance: session,
    to,
    content: { kind: 'text', text: body.message },
    ...(options ? { options } : {}),
  }));
}
