import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ReplayRangeDto } from '@zapgate/dialect-common';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsDefined,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
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
    description:
      'Called exactly as given, query string included. http(s) only; link-local and cloud metadata addresses are refused.',
  })
  @IsOptional()
  @IsString({ message: 'webhookUrl must be a string' })
  @MaxLength(2048)
  webhookUrl?: string;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  webhookEnabled?: boolean;

  @ApiPropertyOptional({
    example: ['message', 'message.ack'],
    description: 'Only these webhook events (mega names); empty or absent: every event',
    type: [String],
  })
  @IsOptional()
  @IsArray({ message: 'events must be an array of event names' })
  @IsString({ each: true })
  events?: string[];
}

export class MegaInitDto {
  @ApiPropertyOptional({ type: MegaWebhookDataDto })
  @IsOptional()
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaWebhookDataDto)
  messageData?: MegaWebhookDataDto;
}

export class MegaConfigWebhookDto {
  @ApiProperty({ type: MegaWebhookDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
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
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaTextDataDto)
  messageData!: MegaTextDataDto;
}

export class MegaWebhookSecretDataDto {
  @ApiPropertyOptional({
    example: 'a-long-random-secret-of-yours',
    description: 'At least 16 characters; omit it to get a generated secret (returned once)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  secret?: string;
}

export class MegaWebhookSecretDto {
  @ApiPropertyOptional({ type: MegaWebhookSecretDataDto })
  @IsOptional()
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaWebhookSecretDataDto)
  messageData?: MegaWebhookSecretDataDto;
}

export class MegaReplayRangeDataDto extends ReplayRangeDto {}

export class MegaReplayRangeDto {
  @ApiProperty({ type: MegaReplayRangeDataDto })
  @IsDefined({ message: 'messageData is required' })
  @IsObject({ message: 'messageData must be an object' })
  @ValidateNested()
  @Type(() => MegaReplayRangeDataDto)
  messageData!: MegaReplayRangeDataDto;
}
