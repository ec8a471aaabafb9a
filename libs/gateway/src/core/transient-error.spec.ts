import type { ArgumentsHost } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { DomainError, ErrorCode, Subjects } from '@zapgate/contracts';
import { MEGA_DIALECT } from '@zapgate/dialect-mega';
import { WPP_DIALECT } from '@zapgate/dialect-wppconnect';
import { busUnreachable, MemoryCommandBus } from '@zapgate/transport';
import { DialectExceptionFilter } from './dialect-exception.filter.js';
import { InstanceClient } from './instance-client.js';
import { transientError } from './transient-error.js';

const settings = { adminToken: 'a', secretKey: 's', commandTimeoutMs: 1_000, bodyLimitBytes: 1_000 };

/** What a dialect's filter answers for `exception` on a route (status, headers, body). */
function answer(dialect: typeof MEGA_DIALECT, exception: unknown, method: string, route: string) {
  const headers: Record<string, string> = {};
  let sent: { status: number; body: Record<string, unknown> } | undefined;
  const adapterHost = {
    httpAdapter: {
      setHeader: (_res: unknown, name: string, value: string) => void (headers[name] = value),
      reply: (_res: unknown, body: Record<string, unknown>, status: number) => void (sent = { status, body }),
    },
  } as unknown as HttpAdapterHost;
  const host = {
    switchToHttp: () => ({ getResponse: () => ({}), getRequest: () => ({ method, route: { path: route } }) }),
  } as unknown as ArgumentsHost;
  new DialectExceptionFilter(adapterHost, dialect).catch(exception, host);
  return { ...sent!, headers };
}

describe('transient failures', () => {
  describe(InstanceClient.name, () => {
    it('says an instance no shard answers for after placement is moving, retryable', async () => {
      const bus = new MemoryCommandBus();
      // a shard answers placement (the lease is held by a shard that is gone) but nobody the command
      await bus.serve(Subjects.control('place-instance'), async () => ({ shard: 'dead-shard' }));
      const err = await new InstanceClient(bus, settings)
        .send('check-numbers', { instance: 'shop', numbers: ['5511999999999'] })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: ErrorCode.Unavailable,
        message: 'instance shop is moving to another session shard',
        details: { retryAfterSeconds: 2 },
      });
      expect((err as Error).message).not.toContain('check-numbers');
    });

    it('says no shard runs when nobody answers placement, retryable', async () => {
      const err = await new InstanceClient(new MemoryCommandBus(), settings)
        .send('get-status', { instance: 'shop' })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: ErrorCode.Unavailable, details: { retryAfterSeconds: 2 } });
      expect(transientError(err)).toBeDefined();
    });

    it('does not try placement when the bus itself is unreachable', async () => {
      const down = busUnreachable('zg.cmd.shop.get-status');
      /** A bus whose connection is down: every request fails as NatsCommandBus fails it. */
      class DownBus extends MemoryCommandBus {
        readonly asked: string[] = [];
        override async request<Res>(subject: string): Promise<Res> {
          this.asked.push(subject);
          throw down;
        }
      }
      const bus = new DownBus();
      await expect(new InstanceClient(bus, settings).send('get-status', { instance: 'shop' })).rejects.toBe(
        down,
      );
      const placements = bus.asked.filter((s) => s === Subjects.control('place-instance'));
      expect(placements).toEqual([]);
    });
  });

  describe(transientError.name, () => {
    it('takes unavailable with a retry time and a reconnecting session; nothing else', () => {
      expect(transientError(busUnreachable('x'))).toEqual({
        reason: expect.stringMatching(/NATS\) is unreachable/),
        retryAfterSeconds: 2,
      });
      expect(
        transientError(new DomainError(ErrorCode.NotConnected, 'not connected', { state: 'connecting' })),
      ).toEqual({ reason: 'the WhatsApp session is reconnecting', retryAfterSeconds: 1 });
      // a session that is not coming back by itself is the caller's to fix: 4xx as before
      expect(
        transientError(new DomainError(ErrorCode.NotConnected, 'not connected', { state: 'stopped' })),
      ).toBeUndefined();
      expect(transientError(new DomainError(ErrorCode.Unavailable, 'file gone'))).toBeUndefined();
      expect(transientError(new DomainError(ErrorCode.Timeout, 'slow'))).toBeUndefined();
      expect(transientError(new Error('boom'))).toBeUndefined();
    });
  });

  describe(DialectExceptionFilter.name, () => {
    const reconnecting = new DomainError(ErrorCode.NotConnected, 'the WhatsApp session is not connected', {
      state: 'connecting',
    });
    const moving = new DomainError(
      ErrorCode.Unavailable,
      'instance shop is moving to another session shard',
      {
        retryAfterSeconds: 2,
      },
    );

    it("answers both failover states as one 503 with Retry-After in mega-API's body, naming the route", () => {
      const route = '/rest/sendMessage/:instance_key/text';
      for (const [exception, retryAfter, reason] of [
        [reconnecting, '1', 'the WhatsApp session is reconnecting'],
        [moving, '2', 'instance shop is moving to another session shard'],
      ] as const) {
        const { status, body, headers } = answer(MEGA_DIALECT, exception, 'POST', route);
        expect(status).toBe(503);
        expect(headers['Retry-After']).toBe(retryAfter);
        expect(body).toEqual({
          error: true,
          code: 'unavailable',
          message: `POST ${route} cannot be done right now: ${reason}; retry in ${retryAfter} s`,
        });
      }
    });

    it('answers a database that cannot be reached (restarting) as a 503 in either dialect, not a 500', () => {
      const down = Object.assign(new Error('Server selection timed out after 10000 ms'), {
        name: 'MongoServerSelectionError',
      });
      const mega = answer(MEGA_DIALECT, down, 'POST', '/rest/sendMessage/:instance_key/text');
      expect({ status: mega.status, retryAfter: mega.headers['Retry-After'], body: mega.body }).toEqual({
        status: 503,
        retryAfter: '2',
        body: {
          error: true,
          code: 'unavailable',
          message:
            'POST /rest/sendMessage/:instance_key/text cannot be done right now: the database is unreachable; retry in 2 s',
        },
      });
      const wpp = answer(WPP_DIALECT, down, 'GET', '/api/:session/status-session');
      expect(wpp).toMatchObject({ status: 503, body: { status: 'error', code: 'unavailable' } });
      // the driver's message (addresses, timings) stays in the log
      expect(JSON.stringify(wpp.body)).not.toContain('Server selection');
    });

    it("answers them in WPPConnect's error body, not its 404 Disconnected", () => {
      const route = '/api/:session/send-message';
      const { status, body, headers } = answer(WPP_DIALECT, reconnecting, 'POST', route);
      expect({ status, body, retryAfter: headers['Retry-After'] }).toEqual({
        status: 503,
        body: {
          status: 'error',
          code: 'unavailable',
          message: `POST ${route} cannot be done right now: the WhatsApp session is reconnecting; retry in 1 s`,
        },
        retryAfter: '1',
      });
      // a stopped session keeps WPPConnect's own answer
      const stopped = answer(
        WPP_DIALECT,
        new DomainError(ErrorCode.NotConnected, 'not connected', { state: 'stopped' }),
        'POST',
        route,
      );
      expect(stopped).toMatchObject({ status: 404, body: { status: 'Disconnected' } });
      expect(stopped.headers['Retry-After']).toBeUndefined();
    });
  });
});
