import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PhoneView } from '../wa-simulator.js';

type DeviceView = PhoneView['devices'][number];

export class DeviceViewDto implements DeviceView {
  @ApiProperty({ example: 1, description: '0 is the phone itself; linked devices count up from 1' })
  id!: number;

  @ApiProperty({ example: 'android' })
  platform!: string;

  @ApiProperty({ example: true, description: 'A socket of this device is logged in now' })
  online!: boolean;

  @ApiProperty({ example: '2026-01-01T12:00:00.000Z' })
  linkedAt!: string;
}

type CallView = PhoneView['calls'][number];

export class PhoneCallViewDto implements CallView {
  @ApiProperty({
    example: '9C3F0E2A51B84D6E8A1F3B2C4D5E6F70',
    description: 'The call id (what a callee rejects)',
  })
  id!: string;

  @ApiProperty({ example: '5511999990002', description: "The caller's number" })
  from!: string;

  @ApiProperty({ example: '5511999990001', description: "The callee's number" })
  to!: string;

  @ApiProperty({ example: false })
  video!: boolean;

  @ApiProperty({
    enum: ['ringing', 'rejected'],
    example: 'rejected',
    description: 'rejected once a device of the callee rejected it',
  })
  status!: CallView['status'];

  @ApiProperty({ example: 1767268800000, description: 'When it was placed (ms since epoch)' })
  at!: number;

  @ApiPropertyOptional({
    example: '5511999990001:1',
    description: 'The device that rejected it (number:device)',
  })
  rejectedBy?: string;

  @ApiPropertyOptional({ example: 1767268805000, description: 'When it was rejected (ms since epoch)' })
  rejectedAt?: number;
}

type ChatStateView = PhoneView['chatStates'][number];

export class ChatStateViewDto implements ChatStateView {
  @ApiProperty({ example: '5511999990002@s.whatsapp.net', description: 'The chat it shows in' })
  chat!: string;

  @ApiProperty({ example: '5511999990002@s.whatsapp.net', description: 'Who is typing or recording' })
  from!: string;

  @ApiProperty({
    example: 'composing',
    enum: ['composing', 'recording', 'paused', 'available', 'unavailable'],
  })
  state!: ChatStateView['state'];

  @ApiProperty({ example: 1767268800000, description: 'When the phone was shown it (ms since epoch)' })
  at!: number;
}

type ChatView = PhoneView['chats'][number];

export class PhoneChatViewDto implements ChatView {
  @ApiProperty({ example: '5511999990002@s.whatsapp.net' })
  chat!: string;

  @ApiProperty({ example: true })
  archived!: boolean;

  @ApiPropertyOptional({
    example: 1767268800,
    description: 'When it was pinned (s since epoch); absent: not pinned',
  })
  pinnedAt?: number;

  @ApiPropertyOptional({
    example: 1767297600000,
    description: "The mute's end as the device's patch gave it (-1: always); absent: not muted",
  })
  muteEndTime?: number;

  @ApiProperty({ example: false, description: 'Marked unread ("mark as unread")' })
  markedUnread!: boolean;

  @ApiPropertyOptional({
    example: 1767268800,
    description: 'Set once a device deleted the chat (s since epoch)',
  })
  deletedAt?: number;

  @ApiProperty({ example: ['1'], description: 'Ids of the labels on the chat' })
  labels!: string[];
}

type LabelView = PhoneView['labels'][number];

export class PhoneLabelViewDto implements LabelView {
  @ApiProperty({ example: '1' })
  id!: string;

  @ApiProperty({ example: 'New customer' })
  name!: string;

  @ApiProperty({ example: 0, description: "WhatsApp's label colour index" })
  color!: number;

  @ApiProperty({ example: false })
  deleted!: boolean;
}

export class PhoneViewDto implements PhoneView {
  @ApiProperty({ example: '5511999990001' })
  number!: string;

  @ApiProperty({ example: '170142219444387', description: "The account's LID user part" })
  lid!: string;

  @ApiProperty({ example: 'Ana' })
  name!: string;

  @ApiProperty({ example: '5511999990001@s.whatsapp.net' })
  jid!: string;

  @ApiProperty({ example: '170142219444387@lid' })
  lidJid!: string;

  @ApiProperty({ example: true, description: 'The phone (device 0) is connected' })
  online!: boolean;

  @ApiProperty({ type: [DeviceViewDto] })
  devices!: DeviceViewDto[];

  @ApiProperty({
    type: [ChatStateViewDto],
    description: 'The latest chat state (typing, recording, paused) each contact showed the phone, per chat',
  })
  chatStates!: ChatStateViewDto[];

  @ApiProperty({
    type: [PhoneChatViewDto],
    description:
      "Chats whose app state the account's devices changed (archived, pinned, muted, marked unread, deleted, labels), as the phone's client decoded the synced patches",
  })
  chats!: PhoneChatViewDto[];

  @ApiProperty({ type: [PhoneLabelViewDto], description: "Labels the account's devices made (app state)" })
  labels!: PhoneLabelViewDto[];

  @ApiProperty({ type: [PhoneCallViewDto], description: 'Calls the phone placed or received, newest first' })
  calls!: PhoneCallViewDto[];
}

export class ScanResultDto {
  @ApiProperty({ example: '5511999990001' })
  number!: string;

  @ApiProperty({ example: 1, description: 'Id the newly linked device got' })
  device!: number;

  @ApiProperty({ example: '5511999990001:1@s.whatsapp.net' })
  jid!: string;
}
