import { IsIn, IsString, MinLength } from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** What every app reads: its log level. */
export class BaseEnv {
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: string = 'info';
}

/** Settings of the apps that run past one machine, on NATS and MongoDB. */
export class ClusterEnv extends BaseEnv {
  @IsString()
  NATS_URL: string = 'nats://127.0.0.1:4222';

  @IsString()
  @MinLength(1, { message: 'MONGODB_URI is required' })
  MONGODB_URI: string = '';

  @IsString()
  MONGODB_DB: string = 'zapgate';
}
