import { ApiProperty } from '@nestjs/swagger';

/** `restore-sessions`: the zip `backup-sessions` gave, in the multipart field `file` (Swagger only). */
export class WppRestoreSessionsUpload {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'the zip backup-sessions answered',
    example: 'zapgate-sessions-2026-01-01T00-00-00-000Z.zip',
  })
  file!: string;
}

/** `restore-sessions`' answer: WPPConnect's `{success: true}`, and the sessions restored. */
export class WppRestoreSessionsReply {
  @ApiProperty({ example: true })
  success!: boolean;

  @ApiProperty({ type: [String], example: ['store'], description: 'the sessions restored (and started)' })
  restored!: string[];
}

/** `clear-session-data`'s answer. */
export class WppClearSessionDataReply {
  @ApiProperty({ example: true })
  success!: boolean;
}
