import { hostname } from 'node:os';
import { ClusterEnv } from '@zapgate/config';
import { IsBase64, IsInt, IsOptional, IsString, Max, Min, MinLength, ValidateIf } from 'class-validator';

/** Settings of a session shard. */
export class SessionShardEnv extends ClusterEnv {
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

  /** Another WhatsApp endpoint (the simulator); WhatsApp's own when unset. */
  @IsOptional()
  @IsString()
  WA_WEBSOCKET_URL?: string;

  /**
   * The explicit switch to trust a simulator's certificate root (base64, from its GET /sandbox/trust).
   * Only with WA_WEBSOCKET_URL: never on against real WhatsApp.
   */
  @IsOptional()
  @ValidateIf((e: SessionShardEnv) => e.WA_SIM_TRUST_ROOT !== undefined)
  @IsBase64()
  WA_SIM_TRUST_ROOT?: string;
}
