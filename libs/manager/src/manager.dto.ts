import { INSTANCE_KEY_PATTERN } from '@zapgate/contracts';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

export const MANAGER_DIALECTS = ['mega', 'wppconnect'] as const;

/** A new instance: its name and the dialect that will own it (mega-API or WPPConnect). */
export class CreateInstanceDto {
  @IsString()
  @Matches(INSTANCE_KEY_PATTERN, { message: 'key must be 1 to 64 letters, digits, "_" or "-"' })
  key!: string;

  @IsIn(MANAGER_DIALECTS, { message: 'dialect must be mega or wppconnect' })
  dialect!: (typeof MANAGER_DIALECTS)[number];
}

export class PairingCodeDto {
  @IsString()
  @Matches(/^\+?\d{6,15}$/, { message: 'phone must be 6 to 15 digits, country code first' })
  phone!: string;
}

export class SendTestMessageDto {
  @IsString()
  @Matches(/^\+?\d{6,15}$/, { message: 'to must be 6 to 15 digits, country code first' })
  to!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  text!: string;
}

export class WebhookDto {
  /** Empty turns delivery off (with `enabled` false). */
  @IsString()
  @MaxLength(2048)
  url!: string;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  /** Event names of the instance's dialect; empty or absent means all. */
  @IsOptional()
  @IsString({ each: true })
  @ArrayMaxSize(64)
  events?: string[];
}

export class WebhookSecretDto {
  /** The signing secret; absent to have one generated (shown once). */
  @IsOptional()
  @IsString()
  @MaxLength(512)
  secret?: string;
}

export class ReplayRangeDto {
  @IsString()
  from!: string;

  @IsString()
  to!: string;
}
