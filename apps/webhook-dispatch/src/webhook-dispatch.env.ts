import { hostname } from 'node:os';
import { ClusterEnv, WithDataKey, WithWebhookDelivery } from '@zapgate/config';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';

/** Settings of a webhook dispatcher replica. */
export class WebhookDispatchEnv extends WithDataKey(WithWebhookDelivery(ClusterEnv)) {
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
