import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

/** mega clients send booleans as true, "true", 1 or "1" (PHP string interpolation). */
const lenientBoolean = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' || value === 1
    ? true
    : value === 'false' || value === '0' || value === 0
      ? false
      : value;

export class MegaWebhookDataDto {
  @ApiPropertyOptional({
    example: 'https://example.com/hooks/whatsapp?token=abc',
    description: 'Called exactly as given, query string included',
  })
  @ValidateIf((o: MegaWebhookDataDto) => !!o.webhookUrl)
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'webhookUrl must be an http(s) URL' },
  )
  webhookUrl?: string;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  webhookEnabled?: boolean;
}

export class MegaInitDto {
  @ApiPropertyOptional({ type: MegaWebhookDataDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MegaWebhookDataDto)
  messageData?: MegaWebhookDataDto;
}

export class MegaConfigWebhookDto {
  @ApiProperty({ type: MegaWebhookDataDto })
  @IsDefined({ message: 'messageData is required' })
  @ValidateNested()
  @Type(() => MegaWebhookDataDto)
  messageData!: MegaWebhookDataDto;
}

export class MegaTextDataDto {
  @ApiProperty({
    example: '5511999999999@s.whatsapp.net',
    description: 'Digits, @s.whatsapp.net, @c.us, @g.us or @lid',
  })
  @IsString()
  @Length(1, 128)
  to!: string;

  @ApiProperty({ example: 'Hello from zapgate' })
  @IsString()
  @Length(1, 65_536)
  text!: string;
}

export class MegaSendTextDto {
  @ApiProperty({ type: MegaTextDataDto })
  @IsDefined({ message: 'messageData is required' })
  @ValidateNested()
  @Type(() => MegaTextDataDto)
  messageData!: MegaTextDataDto;
}
