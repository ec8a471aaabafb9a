import { hostname } from 'node:os';
import { ClusterEnv, WithDataKey, WithMediaSettings, WithWebhookDelivery } from '@zapgate/config';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';

/** Settings of a webhook dispatcher replica. */
// media settings: the object store bucket the shards download files into (WPPConnect's autoDownload)
export class WebhookDispatchEnv extends WithMediaSettings(WithDataKey(WithWebhookDelivery(ClusterEnv))) {
  /** Health endpoints (GET /health, GET /health/ready). */
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 21467;

  @IsString()
  HOST: string = '0.0.0.0';

  /** This replica's name in per-instance delivery claims: unique per replica (the pod name by default). */
  @IsString()
  @MinLength(1)
  WEBHOOK_DISPATCHER_ID: string = hostname();
}
