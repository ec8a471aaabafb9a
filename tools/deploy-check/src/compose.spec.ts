import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { apps, envErrors, root } from './deploy.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

describe('docker/compose.yml', () => {
  // YAML merge keys (<<) resolved, as compose resolves them
  const compose: Obj = parse(readFileSync(`${root}docker/compose.yml`, 'utf8'), { merge: true });
  const dotenv = Object.fromEntries(
    readFileSync(`${root}docker/.env.example`, 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const appServices = () =>
    Object.entries<Obj>(compose.services).filter(([, s]) => s.build?.args?.APP !== undefined);

  it('runs NATS with JetStream on a volume and MongoDB as a one-node replica set', () => {
    const { nats, mongo } = compose.services;
    expect(nats.command).toEqual(expect.arrayContaining(['-js', '-sd', '/data']));
    expect(nats.volumes[0]).toMatch(/^nats-data:\/data$/);
    expect(mongo.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(mongo.healthcheck.test.join(' ')).toContain('rs.initiate');
  });

  it('builds each service from the one Dockerfile with an app that exists', () => {
    const built = appServices().map(([, s]) => s.build.args.APP);
    expect(new Set(built)).toEqual(
      new Set(['gateway', 'session-shard', 'webhook-dispatch', 'groups', 'wa-sim']),
    );
    for (const [, s] of appServices()) {
      expect(s.build.dockerfile).toBe('docker/Dockerfile');
      expect(apps[s.build.args.APP]).toBeDefined();
    }
    const shards = appServices().filter(([, s]) => s.build.args.APP === 'session-shard');
    expect(shards).toHaveLength(2);
    expect(new Set(shards.map(([, s]) => s.environment.SHARD_ID)).size).toBe(2);
    expect(compose.services['wa-sim'].profiles).toEqual(['sandbox']);
  });

  it('gives every app the settings it requires and publishes only the gateway (and the sandbox)', async () => {
    for (const [name, s] of appServices()) {
      const app = s.build.args.APP;
      const env = { ...(s.env_file ? dotenv : {}), ...s.environment };
      expect({ name, errors: await envErrors(app, env) }).toEqual({ name, errors: '' });
      const portVar = { 'session-shard': 'HEALTH_PORT', 'wa-sim': 'WA_SIM_PORT' }[app as string] ?? 'PORT';
      expect(Number(env[portVar])).toBe(apps[app]!.port);
      for (const published of s.ports ?? [])
        expect(String(published)).toMatch(new RegExp(`:${apps[app]!.port}$`));
      if (s.ports) expect(['gateway', 'wa-sim']).toContain(app);
    }
  });

  it('gives a stopping shard longer than its drain timeout', () => {
    for (const [, s] of appServices().filter(([, x]) => x.build.args.APP === 'session-shard'))
      expect(parseInt(s.stop_grace_period, 10) * 1000).toBeGreaterThan(
        Number(dotenv['SHARD_DRAIN_TIMEOUT_MS']) + 5_000,
      );
  });
});
