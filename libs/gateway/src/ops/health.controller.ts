import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadinessChecks } from './readiness.js';

interface RawResponse {
  status(code: number): { json(body: unknown): void };
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessChecks) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: transport and storage answer (503 with the failing checks otherwise)',
  })
  async ready(@Res() res: RawResponse) {
    const results: Record<string, string> = {};
    await Promise.all(
      Object.entries(this.readiness.checks()).map(async ([name, check]) => {
        try {
          await check();
          results[name] = 'ok';
        } catch (err) {
          results[name] = `failing: ${err instanceof Error ? err.message : String(err)}`;
        }
      }),
    );
    const ok = Object.values(results).every((r) => r === 'ok');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', checks: results });
  }
}
