import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';

const lenientBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class WppStartSessionDto {
  @ApiPropertyOptional({
    example: 'https://example.com/hooks/wpp',
    description: 'Per-session webhook (stored; delivery comes with the webhook service)',
  })
  @ValidateIf((o: WppStartSessionDto) => !!o.webhook)
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'webhook must be an http(s) URL' },
  )
  webhook?: string;

  @ApiPropertyOptional({
    example: true,
    description: 'Answer when the first QR code (or pairing code) is ready',
  })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  waitQrCode?: boolean;

  @ApiPropertyOptional({
    example: '5511999999999',
    description: 'Ask for a pairing code for this number instead of a QR',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\+?\d{8,15}$/, { message: 'phone must be the full number with country code' })
  phone?: string;

  @ApiPropertyOptional({
    description: 'Accepted for compatibility; a proxy is not supported yet',
    example: { url: 'http://proxy:8080' },
  })
  @IsOptional()
  @IsObject()
  proxy?: Record<string, unknown>;
}

export class WppSendMessageDto {
  @ApiPropertyOptional({
    example: '5511999999999',
    description: 'Number(s): a string (comma or semicolon separated) or an array',
  })
  @Transform(({ value }) => (typeof value === 'string' ? value.split(/\s*[,;]\s*/).filter(Boolean) : value))
  @IsString({ each: true })
  phone!: string[];

  @ApiPropertyOptional({ example: 'Hello from zapgate' })
  @IsString()
  @MaxLength(65_536)
  message!: string;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  isGroup?: boolean;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  isNewsletter?: boolean;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @Transform(lenientBoolean)
  @IsBoolean()
  isLid?: boolean;

  @ApiPropertyOptional({ description: 'wppconnect sendText options (quotedMsg is not supported yet)' })
  @IsOptional()
  @IsObject()
  options?: Record<string, unknown>;
}
