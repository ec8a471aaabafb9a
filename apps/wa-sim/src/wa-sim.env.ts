import { IsIn, IsInt, IsIP, IsOptional, IsString, Max, Min } from 'class-validator';
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
