import { hostname } from 'node:os';
import { ClusterEnv, WithMediaSettings, WithMessageRetention, WithSimulatorEndpoint } from '@zapgate/config';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';

/** Settings of a session shard. */
export class SessionShardEnv extends WithMediaSettings(
  WithMessageRetention(WithSimulatorEndpoint(ClusterEnv)),
) {
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
  LEASE_TTL_MS: number = 10_000;

  /**
   * How long a stopping shard may take to close its sessions and hand its instances over before
   * it exits anyway (Kubernetes' terminationGracePeriodSeconds must be longer).
   */
  @IsInt()
  @Min(1_000)
  @Max(120_000)
  SHARD_DRAIN_TIMEOUT_MS: number = 10_000;

  /** Port of the health probes (`/health`, `/health/ready`); 0 picks a free one. */
  @IsInt()
  @Min(0)
  @Max(65535)
  HEALTH_PORT: number = 21468;

  @IsString()
  HEALTH_HOST: string = '0.0.0.0';
}
