import { IsIn, IsInt, IsIP, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { LOG_LEVELS } from '@zapgate/config';

/** Settings of the runnable simulator, read once at boot through `loadEnv`. */
export class WaSimEnv {
  /** HTTP port of the control API (and Swagger UI at /docs). */
  @IsInt()
  @Min(1)
  @Max(65535)
  WA_SIM_PORT: number = 21466;

  /** Port of the WhatsApp websocket that Baileys clients connect to; 0 picks a free one. */
  @IsInt()
  @Min(0)
  @Max(65535)
  WA_SIM_WS_PORT: number = 0;

  /** Interface both listen on; loopback unless you mean otherwise. */
  @IsIP()
  WA_SIM_HOST: string = '127.0.0.1';

  /**
   * Port of the HTTPS media host (uploads and downloads of encrypted media); 0 picks a free one,
   * or with WA_SIM_DATA_DIR the one of the last run when it is free.
   */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  WA_SIM_MEDIA_PORT?: number;

  /**
   * The name the shards reach the media host by (e.g. `wa-sim` in docker compose): advertised in
   * media_conn and put in its certificate. Default: WA_SIM_HOST, or 127.0.0.1 when that is 0.0.0.0.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.:-]{1,253}$/, { message: 'WA_SIM_MEDIA_HOSTNAME must be a host name or IP address' })
  WA_SIM_MEDIA_HOSTNAME?: string;

  /** Largest media upload in bytes (larger ones are refused). */
  @IsInt()
  @Min(1024)
  WA_SIM_MAX_MEDIA_BYTES: number = 256 * 1024 * 1024;

  @IsIn(LOG_LEVELS)
  WA_SIM_LOG_LEVEL: string = 'info';

  /**
   * Keep the simulated network (certificate root, phones, linked devices) in this folder and come
   * back with it on a restart; nothing is kept when unset. With a fixed WA_SIM_WS_PORT, clients
   * keep their WA_WEBSOCKET_URL and WA_SIM_TRUST_ROOT across restarts.
   */
  @IsOptional()
  @IsString()
  WA_SIM_DATA_DIR?: string;
}
