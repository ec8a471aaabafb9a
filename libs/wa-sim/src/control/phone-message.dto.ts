import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PhoneMediaKind } from '../media/media-kind.js';
import { PhoneInteractiveDto, PhonePollDto, PhoneReplyDto } from './phone-poll.dto.js';
import type {
  PhoneContacts,
  PhoneLocation,
  PhoneMedia,
  PhoneMessage,
  PhoneMessageRetry,
  PhoneMessageStatus,
  PhoneQuote,
} from '../phone/phone-message.js';

const STATUSES: PhoneMessageStatus[] = [
  'pending',
  'sent',
  'delivered',
  'read',
  'played',
  'received',
  'failed',
];

const MEDIA_KINDS: PhoneMediaKind[] = ['image', 'video', 'ptv', 'audio', 'ptt', 'document', 'sticker'];

export class PhoneMediaDto implements PhoneMedia {
  @ApiProperty({ enum: MEDIA_KINDS, example: 'image', description: 'ptt: a voice note; ptv: a video note' })
  kind!: PhoneMediaKind;

  @ApiProperty({ example: 'image/jpeg' })
  mimetype!: string;

  @ApiPropertyOptional({ example: 'Our menu' })
  caption?: string;

  @ApiPropertyOptional({ example: 'invoice.pdf', description: 'Documents' })
  fileName?: string;

  @ApiProperty({ example: 48213, description: 'The size the message declares, bytes' })
  fileLength!: number;

  @ApiProperty({ example: true, description: 'The message carries a JPEG thumbnail' })
  hasThumbnail!: boolean;

  @ApiProperty({
    enum: ['pending', 'ready', 'failed'],
    example: 'ready',
    description:
      'pending: the phone is downloading and checking the file; ready: downloaded, decrypted, and its MAC, hashes and length match the message; failed: see error',
  })
  state!: 'pending' | 'ready' | 'failed';

  @ApiPropertyOptional({ example: 48213, description: 'Bytes of the decrypted file' })
  size?: number;

  @ApiPropertyOptional({
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    description: 'SHA-256 of the decrypted file, hex',
  })
  sha256?: string;

  @ApiPropertyOptional({ example: 'media MAC does not match (wrong key or corrupt file)' })
  error?: string;
}

export class PhoneMessageRetryDto implements PhoneMessageRetry {
  @ApiProperty({ example: 1, description: 'Retry receipts the phone sent for the message' })
  requested!: number;

  @ApiProperty({ example: 1, description: 'Copies the sender sent again that the phone decrypted' })
  resent!: number;

  @ApiProperty({ example: 0, description: 'Copies sent again that the phone could not decrypt' })
  undecryptable!: number;
}

export class PhoneQuoteDto implements PhoneQuote {
  @ApiProperty({ example: '3EB0C431C26A1916E0E7', description: "The quoted message's id" })
  id!: string;

  @ApiPropertyOptional({
    example: '5511999990002@s.whatsapp.net',
    description: 'Who wrote the quoted message',
  })
  participant?: string;

  @ApiPropertyOptional({ example: 'Does it ship tomorrow?', description: "The quoted message's text" })
  text?: string;
}

export class PhoneLocationDto implements PhoneLocation {
  @ApiProperty({ example: -23.561414 })
  latitude!: number;

  @ApiProperty({ example: -46.655881 })
  longitude!: number;

  @ApiPropertyOptional({ example: 'MASP' })
  name?: string;

  @ApiPropertyOptional({ example: 'Av. Paulista, 1578' })
  address?: string;
}

export class PhoneContactCardDto {
  @ApiPropertyOptional({ example: 'Ana Souza' })
  displayName?: string;

  @ApiProperty({
    example:
      'BEGIN:VCARD\nVERSION:3.0\nFN:Ana Souza\nTEL;type=CELL;waid=5511988887777:+5511988887777\nEND:VCARD',
  })
  vcard!: string;
}

export class PhoneContactsDto implements PhoneContacts {
  @ApiPropertyOptional({ example: 'Ana Souza', description: "The card's name, or the list's for several" })
  displayName?: string;

  @ApiProperty({ type: [PhoneContactCardDto] })
  contacts!: PhoneContactCardDto[];
}

export class PhoneReactionDto {
  @ApiProperty({ example: '5511999990001@s.whatsapp.net', description: 'Who reacted' })
  from!: string;

  @ApiProperty({ example: '👍' })
  emoji!: string;

  @ApiProperty({ example: 1767268800, description: 'Seconds since epoch' })
  at!: number;
}

export class PhoneEditDto {
  @ApiProperty({ example: 'delivery at 5pm', nullable: true, description: 'The text before the first edit' })
  previousText!: string | null;

  @ApiProperty({ example: 1767268800, description: 'Seconds since epoch' })
  at!: number;
}

export class PhoneRevokeDto {
  @ApiProperty({ example: 1767268800, description: 'Seconds since epoch' })
  at!: number;
}

export class PhoneStatusPostDto {
  @ApiPropertyOptional({ example: '#0275d8', description: '#RRGGBB (#AARRGGBB when not opaque)' })
  backgroundColor?: string;

  @ApiPropertyOptional({ example: 2, description: 'ExtendedTextMessage.FontType' })
  font?: number;
}

export class PhoneDisappearingDto {
  @ApiProperty({ example: 604800, description: 'How long messages last now; 0: off' })
  seconds!: number;
}

export class PhoneMessageDto implements PhoneMessage {
  @ApiProperty({ example: '3EB0C431C26A1916E0E8' })
  id!: string;

  @ApiProperty({ enum: ['in', 'out'], example: 'out' })
  direction!: 'in' | 'out';

  @ApiProperty({ example: '5511999990002@s.whatsapp.net', description: "The chat partner's jid" })
  chat!: string;

  @ApiProperty({ example: '5511999990001@s.whatsapp.net', description: 'Sender jid' })
  from!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Hi, I would like to order' })
  text!: string | null;

  @ApiProperty({ example: 1767268800, description: 'Unix seconds' })
  timestamp!: number;

  @ApiProperty({
    enum: STATUSES,
    example: 'delivered',
    description: 'out: pending, sent, delivered, read, played or failed; in: received or read',
  })
  status!: PhoneMessageStatus;

  @ApiProperty({
    enum: ['notify', 'append'],
    example: 'notify',
    description: 'append: delivered from the offline queue',
  })
  delivery!: 'notify' | 'append';

  @ApiProperty({ example: false, description: "The account's own linked device sent it, not the phone" })
  fromCompanion!: boolean;

  @ApiPropertyOptional({
    example: 'Ana',
    description: 'Received messages: the name the sender gave themselves, as WhatsApp showed it',
  })
  pushName?: string;

  @ApiPropertyOptional({ type: PhoneMediaDto, description: 'Media messages only' })
  media?: PhoneMediaDto;

  @ApiPropertyOptional({
    type: PhoneMessageRetryDto,
    description: 'Received messages the phone asked to be sent again',
  })
  retry?: PhoneMessageRetryDto;

  @ApiPropertyOptional({ type: PhoneQuoteDto, description: 'Replies: the message quoted' })
  quoted?: PhoneQuoteDto;

  @ApiPropertyOptional({
    type: [String],
    example: ['5511999990003@s.whatsapp.net'],
    description: 'Users the message mentions',
  })
  mentions?: string[];

  @ApiPropertyOptional({ type: PhoneLocationDto, description: 'Location messages' })
  location?: PhoneLocationDto;

  @ApiPropertyOptional({ type: PhoneContactsDto, description: 'Contact messages (vCards)' })
  contacts?: PhoneContactsDto;

  @ApiPropertyOptional({ type: PhonePollDto, description: "Polls: question, options, and this phone's vote" })
  poll?: PhonePollDto;

  @ApiPropertyOptional({ type: PhoneReplyDto, description: 'Answers to a list, buttons or template message' })
  reply?: PhoneReplyDto;

  @ApiPropertyOptional({
    type: PhoneInteractiveDto,
    description: 'A list, buttons, template or interactive message: its text and choices',
  })
  interactive?: PhoneInteractiveDto;

  @ApiPropertyOptional({
    type: [PhoneReactionDto],
    description: 'Reactions on this message, the latest per sender (a removed reaction is gone)',
  })
  reactions?: PhoneReactionDto[];

  @ApiPropertyOptional({
    type: PhoneEditDto,
    description: 'Set once its sender edited it; `text` is then the edited text',
  })
  edited?: PhoneEditDto;

  @ApiPropertyOptional({ type: PhoneRevokeDto, description: 'Set once its sender deleted it for everyone' })
  revoked?: PhoneRevokeDto;

  @ApiPropertyOptional({
    example: true,
    description: "Starred by one of the account's devices (app-state sync); absent when never starred",
  })
  starred?: boolean;

  @ApiPropertyOptional({
    type: PhoneRevokeDto,
    description: "Set once one of the account's devices deleted it for me (app-state sync)",
  })
  deletedForMe?: PhoneRevokeDto;

  @ApiPropertyOptional({
    type: PhoneStatusPostDto,
    description: 'Status posts (chat status@broadcast): how a text status looks',
  })
  statusPost?: PhoneStatusPostDto;

  @ApiPropertyOptional({
    type: PhoneDisappearingDto,
    description: "A change of the chat's disappearing messages (the notice WhatsApp shows in the chat)",
  })
  disappearing?: PhoneDisappearingDto;
}
