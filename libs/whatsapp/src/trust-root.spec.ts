import { randomBytes } from 'node:crypto';
import { WA_CERT_DETAILS } from '@whiskeysockets/baileys';
import {
  decodeSimulatorTrust,
  encodeSimulatorTrust,
  trustedSimulatorHttp,
  trustSimulator,
  useSimulatorEndpoint,
} from './trust-root.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBsim\n-----END CERTIFICATE-----\n';

describe('simulator trust (WA_SIM_TRUST_ROOT)', () => {
  const original = WA_CERT_DETAILS.PUBLIC_KEY;
  afterEach(() => expect(WA_CERT_DETAILS.PUBLIC_KEY).toBe(original));

  it('carries the Noise root and the media CA in one base64 value, and still reads a bare root', () => {
    const noiseRoot = randomBytes(32);
    const value = encodeSimulatorTrust({ noiseRoot, mediaCa: PEM });
    expect(value).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(decodeSimulatorTrust(value)).toEqual({ noiseRoot, mediaCa: PEM });

    const bare = noiseRoot.toString('base64');
    expect(encodeSimulatorTrust({ noiseRoot })).toBe(bare);
    expect(decodeSimulatorTrust(bare)).toEqual({ noiseRoot });
  });

  it('refuses values that are neither', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    expect(() => decodeSimulatorTrust(randomBytes(31).toString('base64'))).toThrow(/trustRoot/);
    expect(() => decodeSimulatorTrust(b64('{"noiseRoot": "c2hvcnQ="}'))).toThrow(/trustRoot/);
    const root = randomBytes(32).toString('base64');
    expect(() => decodeSimulatorTrust(b64(JSON.stringify({ noiseRoot: root, mediaCa: 'x' })))).toThrow(
      /not a PEM/,
    );
  });

  it('trusts a simulator until told otherwise, the latest one first', () => {
    expect(trustedSimulatorHttp()).toBeUndefined();
    const a = { noiseRoot: randomBytes(32), mediaCa: PEM };
    const b = { noiseRoot: randomBytes(32), mediaCa: PEM };
    const untrustA = trustSimulator(a);
    const httpA = trustedSimulatorHttp();
    expect(Buffer.from(WA_CERT_DETAILS.PUBLIC_KEY).equals(a.noiseRoot)).toBe(true);
    expect(httpA?.fetchAgent.options.ca).toBe(PEM);
    expect(typeof httpA?.dispatcher.dispatch).toBe('function');
    const untrustB = trustSimulator(b);
    expect(trustedSimulatorHttp()).not.toBe(httpA);
    untrustB();
    expect(trustedSimulatorHttp()).toBe(httpA);
    untrustA();
    expect(trustedSimulatorHttp()).toBeUndefined();
  });

  it('applies WA_SIM_TRUST_ROOT only with WA_WEBSOCKET_URL, and warns', () => {
    const warnings: object[] = [];
    const logger = { warn: (obj: object) => void warnings.push(obj) };
    const trustRoot = encodeSimulatorTrust({ noiseRoot: randomBytes(32), mediaCa: PEM });
    expect(() => useSimulatorEndpoint({ trustRoot }, logger)).toThrow(/needs WA_WEBSOCKET_URL/);
    expect(useSimulatorEndpoint({}, logger)).toBeUndefined();
    expect(trustedSimulatorHttp()).toBeUndefined();

    const url = 'ws://127.0.0.1:1/ws/chat';
    const before = WA_CERT_DETAILS.PUBLIC_KEY;
    try {
      expect(useSimulatorEndpoint({ url, trustRoot }, logger)).toBe(url);
      expect(trustedSimulatorHttp()).toBeDefined();
      expect(warnings).toEqual([{ url, media: true }]);
    } finally {
      // this process-wide switch has no off in apps; undo it by hand for the next tests
      WA_CERT_DETAILS.PUBLIC_KEY = before;
    }
  });
});
