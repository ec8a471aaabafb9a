import 'reflect-metadata';
import {
  Catch,
  Controller,
  Get,
  HttpCode,
  Logger,
  Module,
  Post,
  type ArgumentsHost,
  type ExceptionFilter,
  type INestApplication,
} from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { EXTRA_METRICS, GatewayMetrics, MetricsController, MetricsInterceptor } from './metrics.js';

@Controller('t')
class ProbeController {
  @Post('ok')
  @HttpCode(201)
  ok() {
    return { ok: true };
  }

  @Post('down')
  @HttpCode(201)
  down(): never {
    throw new DomainError(ErrorCode.Unavailable, 'shard gone');
  }

  @Get('boom')
  boom(): never {
    throw new Error('boom');
  }
}

/** Like a dialect's filter: the status is set here, after the handler failed. */
@Catch()
class ProbeFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    const res = host.switchToHttp().getResponse<{ status(n: number): { json(b: unknown): void } }>();
    res.status(exception instanceof DomainError ? 503 : 500).json({ error: true });
  }
}

@Module({
  controllers: [ProbeController, MetricsController],
  providers: [
    GatewayMetrics,
    { provide: APP_INTERCEPTOR, useClass: MetricsInterceptor },
    { provide: APP_FILTER, useClass: ProbeFilter },
    // as the standalone process adds its shard's and dispatcher's registries
    {
      provide: EXTRA_METRICS,
      useValue: [{ scrape: async () => '# TYPE zg_shard_instances gauge\nzg_shard_instances 2' }],
    },
  ],
})
class ProbeModule {}

describe(MetricsInterceptor.name, () => {
  let app: INestApplication;
  let base: string;
  const errors: string[] = [];

  beforeAll(async () => {
    app = await NestFactory.create(ProbeModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app?.close());

  it('counts a failed request under the status it was answered with, not the route’s success status', async () => {
    const spy = captureErrors();
    expect((await fetch(`${base}/t/ok`, { method: 'POST' })).status).toBe(201);
    expect((await fetch(`${base}/t/down`, { method: 'POST' })).status).toBe(503);
    expect((await fetch(`${base}/t/boom`)).status).toBe(500);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('zg_http_requests_total{method="POST",route="/t/ok",status="201"} 1');
    expect(text).toContain('zg_http_requests_total{method="POST",route="/t/down",status="503"} 1');
    expect(text).not.toContain('route="/t/down",status="201"');
    expect(text).toContain('zg_http_requests_total{method="GET",route="/t/boom",status="500"} 1');
    expect(text).toContain('zg_http_request_duration_seconds_count{method="POST",route="/t/down"} 1');
    expect(text).toMatch(/\n# TYPE zg_shard_instances gauge\nzg_shard_instances 2\n$/);
    // 5xx answers are logged with method, route and status (never the URL)
    expect(spy.lines).toEqual([
      expect.stringMatching(/^POST \/t\/down answered 503 in \d+ ms$/),
      expect.stringMatching(/^GET \/t\/boom answered 500 in \d+ ms$/),
    ]);
    spy.restore();
  });

  /** Collects what the interceptor logs as errors. */
  function captureErrors() {
    const original = Logger.prototype.error;
    Logger.prototype.error = function (this: Logger, message: unknown) {
      errors.push(String(message));
    } as typeof Logger.prototype.error;
    return { lines: errors, restore: () => (Logger.prototype.error = original) };
  }
});
