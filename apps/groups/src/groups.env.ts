import { ClusterEnv } from '@zapgate/config';
import { IsInt, IsString, Max, Min } from 'class-validator';

/** Settings of a groups service replica. */
export class GroupsEnv extends ClusterEnv {
  /** Health endpoints (GET /health, GET /health/ready). */
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 21469;

  @IsString()
  HOST: string = '0.0.0.0';

  /** How long group metadata fetched from WhatsApp answers reads before it is fetched again (ms); events keep it current in between. */
  @IsInt()
  @Min(0)
  ZG_GROUPS_FRESH_MS: number = 300_000;

  /** How long a command to the owning shard may take (ms). */
  @IsInt()
  @Min(1000)
  ZG_COMMAND_TIMEOUT_MS: number = 30_000;
}
