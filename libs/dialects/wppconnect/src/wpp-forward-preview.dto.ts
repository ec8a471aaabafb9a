import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DomainError,
  ErrorCode,
  type ForwardMessageCommand,
  type SendMessageCommand,
} from '@zapgate/contracts';
import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { WppChatTargetDto } from './wpp-message-action.dto.js';
import { wppMessageRef } from './wpp-message-read.dto.js';
import { WppMessageView } from './wpp-reply.dto.js';
import { WppRichRecipientsDto } from './wpp-rich-message.dto.js';
import { wppRecipients } from './wpp-send-message.command.js';

const lenientBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
const oneOrMany = ({ value }: { value: unknown }) => (typeof value === 'string' ? [value] : value);

/** `forward-messages` (catalog 4.2): only the first `phone` is used, as wppconnect does. */
export class WppForwardMessagesDto extends WppChatTargetDto {
  @ApiProperty({
    example: ['false_5511988887777@c.us_3EB0C431C26A1916E0E8'],
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description:
      'The message(s) to forward: ids as WPPConnect writes them, or bare WhatsApp ids; 404 `message_not_found` when this session does not have one',
  })
  @Transform(oneOrMany)
  @IsArray({ message: 'messageId is required' })
  @IsString({ each: true, message: 'messageId must be a message id or a list of them' })
  messageId!: string[];
}

/** `star-message` (catalog 4.2). */
export class WppStarMessageDto {
  @ApiProperty({ example: 'false_5511988887777@c.us_3EB0C431C26A1916E0E8' })
  @IsString({ message: 'messageId is required' })
  @Length(1, 256)
  messageId!: string;

  @ApiPropertyOptional({ example: true, description: 'true stars, false unstars (default true)' })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  star?: boolean;
}

export class WppStarResult {
  @ApiProperty({
    example: 'false_5511988887777@c.us_3EB0C431C26A1916E0E8',
    description: 'The message, as given',
  })
  id!: string;

  @ApiProperty({ example: true, description: 'Starred (true) or unstarred (false) now' })
  star!: boolean;
}

/** `star-message`'s 200 (wa-js starMessage's `{id, star}` in the success envelope). */
export class WppStarReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ type: WppStarResult })
  response!: WppStarResult;
}

export const wppStarReply = (messageId: string, star: boolean): WppStarReply => ({
  status: 'success',
  response: { id: messageId, star },
});

/** `send-link-preview` (catalog 4.2). */
export class WppSendLinkPreviewDto extends WppRichRecipientsDto {
  @ApiProperty({
    example: 'https://example.com/catalog',
    description:
      'The link to preview (zapgate fetches the page: title, description, image); a page that fails sends the text without a preview',
  })
  @IsString({ message: 'url is required' })
  @Length(1, 2_048)
  url!: string;

  @ApiPropertyOptional({
    example: 'Our new catalog',
    description: 'Text sent with the link (the link is added after it when the caption does not contain it)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(65_536)
  caption?: string;
}

/** forward-messages' answer: one sent message per forwarded id. */
export class WppForwardReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ type: [WppMessageView] })
  response!: WppMessageView[];

  @ApiProperty({ example: 'store' })
  session!: string;
}

/** forward-messages: one forward per message id, all to the first `phone`. */
export function wppForwards(instance: string, body: WppForwardMessagesDto): ForwardMessageCommand[] {
  const [to] = wppRecipients(body.phone ?? [], { isGroup: body.isGroup, isLid: body.isLid });
  if (!body.messageId?.length) throw new DomainError(ErrorCode.ValidationFailed, 'messageId is required');
  return body.messageId.map((m) => {
    const ref = wppMessageRef(m);
    return { instance, to: to!, id: ref.id, ...(ref.chat ? { chat: ref.chat } : {}) };
  });
}

/** The text send-link-preview sends: the caption, with the link when the caption lacks it. */
export function wppLinkPreviewText(body: WppSendLinkPreviewDto): string {
  const url = body.url.trim();
  if (!/^https?:\/\//i.test(url))
    throw new DomainError(ErrorCode.ValidationFailed, 'url must be an http(s) URL');
  const caption = body.caption?.trim();
  if (!caption) return url;
  return caption.includes(url) ? caption : `${caption}\n${url}`;
}

/** send-link-preview: the text to each recipient (the gateway adds the preview of `url`). */
export function wppLinkPreviewMessages(session: string, body: WppSendLinkPreviewDto): SendMessageCommand[] {
  const text = wppLinkPreviewText(body);
  if (!body.phone?.length) throw new DomainError(ErrorCode.ValidationFailed, 'phone is required');
  return wppRecipients(body.phone, body).map((to) => ({
    instance: session,
    to,
    content: { kind: 'text', text },
  }));
}

export const wppForwardReply = (session: string, response: WppMessageView[]): WppForwardReply => ({
  status: 'success',
  response,
  session,
});

/**
 * send-message's `options.linkPreview`: true (or wppconnect's preview object, whose fields zapgate
 * makes itself from the page) asks for a preview of the text's first link; false or absent, none.
 */
export function wppWantsLinkPreview(options: Record<string, unknown> | undefined): boolean {
  const value = options?.['linkPreview'];
  if (value === undefined || value === null || value === false) return false;
  if (value === true || typeof value === 'object') return true;
  throw new DomainError(ErrorCode.ValidationFailed, 'options.linkPreview must be true or false');
}
