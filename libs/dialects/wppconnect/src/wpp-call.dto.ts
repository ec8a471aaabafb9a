import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

/** `POST reject-call` (catalog 4.5): the `id` of an `incomingcall` webhook. */
export class WppRejectCallDto {
  @ApiProperty({
    example: '9C3F0E2A51B84D6E8A1F3B2C4D5E6F70',
    description: 'The call id: `id` of the `incomingcall` webhook',
  })
  @IsString({ message: 'callId must be a string' })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'callId must be the id of an incomingcall webhook' })
  callId!: string;
}

export class WppRejectCallReply {
  @ApiProperty({ example: 'success' })
  status!: string;

  @ApiProperty({ example: true, description: 'The call was rejected' })
  response!: boolean;
}
