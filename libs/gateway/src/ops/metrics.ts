import {
  Controller,
  Get,
  Header,
  Inject,
  Injectable,
  Logger,
  Optional,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Observable } from 'rxjs';

/** The gateway's Prometheus registry: process metrics and HTTP request counts/latency per route. */
@Injectable()
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'zg_http_requests_total',
    help: 'HTTP requests',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'zg_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

interface MetricsRequest {
  method: string;
  route?: { path?: string };
}

interface MetricsResponse {
  statusCode: number;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

/**
 * Counts each request under the status it was answered with, read when the response is done:
 * an exception filter sets the status after the handler failed, so the handler's end (where an
 * interceptor's `finalize` runs) is too early and would count a failure under the route's success
 * status. Latency is measured to the same moment. A 5xx answer is logged (method, route, status,
 * duration; never the URL, which may carry credentials).
 */
@Injectable()
export class MetricsInterceptor implements NestInterceptor {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly metrics: GatewayMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<MetricsRequest>();
    const res = http.getResponse<MetricsResponse>();
    observeResponse(this.metrics, req, res, this.logger);
    return next.handle();
  }
}

/** Records the request when its response is finished (or the connection closed before). */
export function observeResponse(
  metrics: GatewayMetrics,
  req: MetricsRequest,
  res: MetricsResponse,
  logger: Pick<Logger, 'error'>,
): void {
  const started = performance.now();
  let done = false;
  const record = () => {
    if (done) return;
    done = true;
    const route = req.route?.path ?? 'unknown';
    const seconds = (performance.now() - started) / 1000;
    const status = res.statusCode;
    metrics.latency.observe({ method: req.method, route }, seconds);
    metrics.requests.inc({ method: req.method, route, status: String(status) });
    if (status >= 500)
      logger.error(`${req.method} ${route} answered ${status} in ${Math.round(seconds * 1000)} ms`);
  };
  res.once('finish', record);
  res.once('close', record);
}

/**
 * More metrics served on the gateway's `/metrics` after its own: the standalone process's shard
 * and webhook dispatcher (registries without process metrics, so no name appears twice).
 */
export const EXTRA_METRICS = Symbol('EXTRA_METRICS');

export interface MetricsSource {
  scrape(): Promise<string>;
}

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: GatewayMetrics,
    @Optional() @Inject(EXTRA_METRICS) private readonly extra: MetricsSource[] = [],
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Prometheus metrics' })
  async scrape(): Promise<string> {
    const texts = await Promise.all([
      this.metrics.registry.metrics(),
      ...(this.extra ?? []).map((m) => m.scrape()),
    ]);
    return texts.map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('');
  }
}
