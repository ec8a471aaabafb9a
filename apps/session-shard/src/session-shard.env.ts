import { hostname } from 'node:os';
import { ClusterEnv, WithSimulatorEndpoint } from '@zapgate/config';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';

/** Settings of a session shard. */
export class SessionShardEnv extends WithSimulatorEndpoint(ClusterEnv) {
  /** Unique per replica (the StatefulSet pod name by default). */
  @IsString()
  @MinLength(1)
  SHARD_ID: string = hostname();

  /** Most instances this shard holds. */
  @IsInt()
  @Min(1)
  SHARD_CAPACITY: number = 500;

  /** Lease TTL; a killed shard's instances reopen elsewhere within it. */
  @IsInt()
  @Min(3_000)
  @Max(120_000)
  LEASE_TTL_MS: number = 15_000;
}
