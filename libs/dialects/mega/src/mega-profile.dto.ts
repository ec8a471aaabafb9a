import { ApiProperty } from '@nestjs/swagger';
import { normalizeRecipient } from '@zapgate/dialect-common';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsString, Length, ValidateNested } from 'class-validator';

export class MegaProfilePictureUrlDataDto {
  @ApiProperty({
    example: '5511999999999@s.whatsapp.net',
    description: "Whose picture: this instance's own number, or a group it administers (`…@g.us`)",
  })
  @IsString({ message: 'messageData.to must be a string' })
  @Length(1, 128)
  to!: string;

  @ApiProperty({
    example: 'https://example.com/logo.jpg',
    description:
      'An http(s) URL of a JPEG, PNG or WebP image (fetched under the media URL policy and size limit)',
  })
  @IsString({ message: 'messageData.url must be a string' })
  @Length(1, 4_096)
  url!: string;
}

/** `instance/setProfilePictureUrl` (catalog 2.12): `{messageData: {to, url}}`. */
export class MegaProfilePictureUrlDto {
  @ApiProperty({ type: MegaProfilePictureUrlDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaProfilePictureUrlDataDto)
  messageData!: MegaProfilePictureUrlDataDto;
}

/** The picture `setProfilePictureUrl` changes: a user jid (the instance's own) or a group. */
export function megaPictureTarget(body: MegaProfilePictureUrlDto): { target: string; url: string } {
  return { target: normalizeRecipient(body.messageData.to), url: body.messageData.url.trim() };
}
