import { ApiProperty } from '@nestjs/swagger';
import type { PhoneMessage, PhoneMessageStatus } from '../phone/phone-message.js';

const STATUSES: PhoneMessageStatus[] = [
  'pending',
  'sent',
  'delivered',
  'read',
  'played',
  'received',
  'failed',
];

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
}
