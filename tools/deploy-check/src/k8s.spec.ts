import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { apps, envErrors, kustomize } from './deploy.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

/** kubernetes-models' class for an object (`apps/v1` Deployment -> kubernetes-models/apps/v1). */
async function modelOf(o: Obj) {
  const mod = (await import(`kubernetes-models/${o.apiVersion}`)) as Record<
    string,
    new (o: Obj) => { validate(): void }
  >;
  const Model = mod[o.kind];
  if (!Model) throw new Error(`no schema for ${o.apiVersion} ${o.kind}`);
  return Model;
}

const imageApp = (image: string) => /zapgate\/([a-z-]+)(:|$)/.exec(image)?.[1];

/** The keys the README's `kubectl create secret generic zapgate-secrets` line sets. */
const readmeSecretKeys = () => {
  const readme = readFileSync(new URL('../../../k8s/README.md', import.meta.url), 'utf8');
  const command = readme.slice(readme.indexOf('create secret generic zapgate-secrets'));
  return [...command.slice(0, command.indexOf('\n\n')).matchAll(/--from-literal=(\w+)=/g)].map((m) => m[1]);
};

describe.each(['dev', 'prod'])('k8s overlay %s', (overlay) => {
  let objects: Obj[];
  /** dev's placeholder Secret, standing in for the one a prod operator creates. */
  let devSecret: Obj;
  const find = (kind: string, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name);
  const workloads = () => objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');

  beforeAll(async () => {
    objects = parseAllDocuments(await kustomize(overlay)).map((d) => d.toJS());
    devSecret = parseAllDocuments(await kustomize('dev'))
      .map((d) => d.toJS())
      .find((o: Obj) => o.kind === 'Secret' && o.metadata.name === 'zapgate-secrets');
  }, 600_000);

  it(
    overlay === 'prod'
      ? 'ships no Secret (applying never overwrites the real one); the README creates its keys'
      : 'ships placeholder secrets with the keys the README creates for prod',
    () => {
      const secrets = objects.filter((o) => o.kind === 'Secret');
      expect(secrets.map((o) => o.metadata.name)).toEqual(overlay === 'prod' ? [] : ['zapgate-secrets']);
      expect(readmeSecretKeys().sort()).toEqual(Object.keys(devSecret.stringData).sort());
    },
  );

  it('renders objects that validate against the Kubernetes schemas', async () => {
    expect(objects.length).toBeGreaterThan(5);
    for (const o of objects) {
      const Model = await modelOf(o);
      expect(() => new Model(o).validate()).not.toThrow();
    }
  });

  it('runs every app image on its port with probes on its real health routes', () => {
    expect(
      workloads()
        .map((w) => w.metadata.name)
        .sort(),
    ).toEqual(['gateway', 'groups', 'session-shard', 'webhook-dispatch']);
    for (const w of workloads()) {
      const [c] = w.spec.template.spec.containers;
      const app = imageApp(c.image);
      expect(app).toBe(w.metadata.name);
      const spec = apps[app!]!;
      const port = (ref: string | number) =>
        typeof ref === 'number' ? ref : c.ports.find((p: Obj) => p.name === ref).containerPort;
      expect(c.ports.map((p: Obj) => p.containerPort)).toEqual([spec.port]);
      expect(c.readinessProbe.httpGet.path).toBe(spec.readiness);
      expect(port(c.readinessProbe.httpGet.port)).toBe(spec.port);
      expect(c.livenessProbe.httpGet.path).toBe(spec.liveness);
      expect(port(c.livenessProbe.httpGet.port)).toBe(spec.port);
      expect(w.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    }
  });

  it('gives every app the settings it requires (its own env validation passes)', async () => {
    for (const w of workloads()) {
      const [c] = w.spec.template.spec.containers;
      const env: Record<string, string> = {};
      for (const from of c.envFrom ?? []) {
        const source = from.configMapRef
          ? find('ConfigMap', from.configMapRef.name)
          : (find('Secret', from.secretRef.name) ??
            (overlay === 'prod' && from.secretRef.name === devSecret.metadata.name ? devSecret : undefined));
        expect(source).toBeDefined();
        Object.assign(env, source.data ?? {}, source.stringData ?? {});
      }
      for (const e of c.env ?? []) env[e.name] = e.value ?? `from-${e.valueFrom?.fieldRef?.fieldPath}`;
      expect(await envErrors(imageApp(c.image)!, env)).toBe('');
      // and the container's port setting is the port it exposes
      const portVar = w.metadata.name === 'session-shard' ? 'HEALTH_PORT' : 'PORT';
      expect(Number(env[portVar])).toBe(c.ports[0].containerPort);
    }
  });

  it('lets a stopping shard hand over before it is killed', () => {
    const shard = find('StatefulSet', 'session-shard');
    const drainMs = Number(find('ConfigMap', 'zapgate-config').data.SHARD_DRAIN_TIMEOUT_MS);
    expect(shard.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(drainMs + 5_000);
  });

  it('matches selectors to labels and points HPA, PDB and Services at existing workloads', () => {
    const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
      Object.entries(selector).every(([k, v]) => labels[k] === v);
    for (const w of workloads())
      expect(matches(w.spec.selector.matchLabels, w.spec.template.metadata.labels)).toBe(true);
    for (const o of objects.filter((x) => ['PodDisruptionBudget', 'Service'].includes(x.kind))) {
      const selector = o.kind === 'Service' ? o.spec.selector : o.spec.selector.matchLabels;
      expect(workloads().filter((w) => matches(selector, w.spec.template.metadata.labels))).toHaveLength(1);
    }
    for (const hpa of objects.filter((x) => x.kind === 'HorizontalPodAutoscaler'))
      expect(find(hpa.spec.scaleTargetRef.kind, hpa.spec.scaleTargetRef.name)).toBeDefined();
    for (const name of ['gateway', 'webhook-dispatch', 'groups']) {
      expect(find('PodDisruptionBudget', name)).toBeDefined();
      expect(find('HorizontalPodAutoscaler', name)).toBeDefined();
    }
  });

  it('admits ingress to the gateway HTTP port only', () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    const denyAll = policies.find((p) => Object.keys(p.spec.podSelector).length === 0);
    expect(denyAll?.spec.policyTypes).toEqual(['Ingress']);
    expect(denyAll?.spec.ingress ?? []).toEqual([]);
    const open = policies.filter((p) => p.spec.ingress?.length);
    expect(open).toHaveLength(1);
    expect(open[0].spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'gateway' });
    expect(open[0].spec.ingress.flatMap((r: Obj) => r.ports.map((p: Obj) => p.port))).toEqual([
      apps['gateway']!.port,
    ]);
  });
});
