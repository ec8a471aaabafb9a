import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import {
  ClusterEnv,
  WithBodyLimit,
  WithBulkSend,
  WithDataKey,
  WithMediaSettings,
  WithRateLimit,
  WithWebhookUrlPolicy,
} from '@zapgate/config';

/** Settings of the distributed gateway; the secrets are required (nothing is generated here). */
export class GatewayEnv extends WithBulkSend(
  WithMediaSettings(WithDataKey(WithRateLimit(WithBodyLimit(WithWebhookUrlPolicy(ClusterEnv))))),
) {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 21465;

  @IsString()
  HOST: string = '0.0.0.0';

  @IsString({ message: 'ZG_ADMIN_TOKEN is required' })
  @MinLength(16, { message: 'ZG_ADMIN_TOKEN must be at least 16 characters' })
  ZG_ADMIN_TOKEN: string = '';

  @IsString({ message: 'SECRET_KEY is required' })
  @MinLength(8, { message: 'SECRET_KEY must be at least 8 characters' })
  SECRET_KEY: string = '';

  @IsInt()
  @Min(1000)
  ZG_COMMAND_TIMEOUT_MS: number = 30_000;
}
