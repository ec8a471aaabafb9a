import { FaultInjector } from './fault-injector.js';

describe(FaultInjector.name, () => {
  let now = 1_000;
  const sut = () => new FaultInjector(() => now);
  const message = { tag: 'message', attrs: {} };
  const receipt = { tag: 'receipt', attrs: {} };

  beforeEach(() => {
    now = 1_000;
  });

  it('applies a timed fault to its account only, and only while it lasts', () => {
    const faults = sut();
    faults.add({ type: 'delay', number: '551100', ms: 250, durationMs: 5_000 });
    expect(faults.outbound('551100', message)).toBe(250);
    expect(faults.outbound('551199', message)).toBeUndefined();
    now += 5_000;
    expect(faults.outbound('551100', message)).toBeUndefined();
  });

  it('drops only the stanzas named in tags, and says so', () => {
    const faults = sut();
    const dropped: string[] = [];
    faults.on('dropped', (n) => dropped.push(n.tag));
    faults.add({ type: 'drop', durationMs: 1_000, tags: ['receipt'] });
    expect(faults.outbound('551100', message)).toBeUndefined();
    expect(faults.outbound('551100', receipt)).toBe('drop');
    expect(dropped).toEqual(['receipt']);
  });

  it('refuses logins for every account when no number is given', () => {
    const faults = sut();
    faults.add({ type: 'refuse-login', durationMs: 1_000 });
    expect(faults.loginRefused('551100')).toBe(true);
    faults.clear();
    expect(faults.loginRefused('551100')).toBe(false);
  });

  it('rejects durations and delays out of range', () => {
    expect(() => sut().add({ type: 'refuse-login', durationMs: 0 })).toThrow(/durationMs/);
    expect(() => sut().add({ type: 'delay', ms: 120_000, durationMs: 1_000 })).toThrow(/ms must be/);
  });
});
