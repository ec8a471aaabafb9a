import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import {
  BaseEnv,
  envBoolean,
  WithBodyLimit,
  WithBulkSend,
  WithDataKey,
  WithMediaSettings,
  WithMessageRetention,
  WithRateLimit,
  WithSimulatorEndpoint,
  WithWebhookDelivery,
} from '@zapgate/config';

/** Settings of the all-in-one process (`npm start`, `npm run sandbox`). */
export class StandaloneEnv extends WithDataKey(
  WithBulkSend(
    WithMediaSettings(
      WithMessageRetention(WithRateLimit(WithBodyLimit(WithWebhookDelivery(WithSimulatorEndpoint(BaseEnv))))),
    ),
  ),
  // generated and kept in DATA_DIR/secrets.json when unset
  { generated: true },
) {
  /** HTTP port of the gateway (and of the sandbox control API). */
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 21465;

  /** Interface to listen on. */
  @IsString()
  HOST: string = '0.0.0.0';

  /** mega-API admin token; generated and kept in DATA_DIR when unset. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ZG_ADMIN_TOKEN must be at least 16 characters' })
  ZG_ADMIN_TOKEN?: string;

  /** WPPConnect SECRET_KEY; generated and kept in DATA_DIR when unset. */
  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'SECRET_KEY must be at least 8 characters' })
  SECRET_KEY?: string;

  /** Where the embedded store and generated secrets live. */
  @IsString()
  DATA_DIR: string = './data';

  /** Run against an in-process WhatsApp simulator instead of WhatsApp (control API under /sandbox). */
  @Transform(envBoolean)
  @IsBoolean()
  ZG_SANDBOX: boolean = false;

  /** How long a command may take end to end (ms). */
  @IsInt()
  @Min(1000)
  ZG_COMMAND_TIMEOUT_MS: number = 30_000;

  /** How long group metadata fetched from WhatsApp answers reads before it is fetched again (ms); group events keep it current in between. */
  @IsInt()
  @Min(0)
  ZG_GROUPS_FRESH_MS: number = 300_000;
}
