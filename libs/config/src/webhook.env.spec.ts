import { BaseEnv } from './base-env.js';
import { EnvValidationError, loadEnv } from './load-env.js';
import { WithDataKey, WithWebhookDelivery, WithWebhookUrlPolicy } from './webhook.env.js';

class PolicyEnv extends WithWebhookUrlPolicy(BaseEnv) {}
class ClusterAppEnv extends WithDataKey(WithWebhookDelivery(BaseEnv)) {}
class StandaloneLikeEnv extends WithDataKey(WithWebhookDelivery(BaseEnv), { generated: true }) {}

describe(WithWebhookUrlPolicy.name, () => {
  it('reads WEBHOOK_ALLOW_PRIVATE_NETWORKS as written (false is false), unset when not given', () => {
    const read = (v?: string) =>
      loadEnv(PolicyEnv, v === undefined ? {} : { WEBHOOK_ALLOW_PRIVATE_NETWORKS: v })
        .WEBHOOK_ALLOW_PRIVATE_NETWORKS;
    expect([read(), read('false'), read('0'), read('true'), read('1')]).toEqual([
      undefined,
      false,
      false,
      true,
      true,
    ]);
    expect(() => read('maybe')).toThrow(/WEBHOOK_ALLOW_PRIVATE_NETWORKS must be a boolean/);
  });
});

describe(WithWebhookDelivery.name, () => {
  it('puts media files of up to 16 MB in webhooks by default; 0 turns it off; bounded', () => {
    const env = (v?: string) =>
      loadEnv(ClusterAppEnv, {
        ZG_DATA_KEY: 'ab'.repeat(32),
        ...(v === undefined ? {} : { WEBHOOK_MEDIA_MAX_BYTES: v }),
      }).WEBHOOK_MEDIA_MAX_BYTES;
    expect([env(), env('0'), env('1024')]).toEqual([16 * 1024 * 1024, 0, 1024]);
    expect(() => env('-1')).toThrow(/WEBHOOK_MEDIA_MAX_BYTES/);
    expect(() => env(String(200 * 1024 * 1024))).toThrow(/WEBHOOK_MEDIA_MAX_BYTES/);
  });
});

describe(WithDataKey.name, () => {
  const key = Buffer.alloc(32, 7).toString('base64');

  it('requires ZG_DATA_KEY (32 bytes, base64 or hex) in the apps that cannot generate one', () => {
    expect(() => loadEnv(ClusterAppEnv, {})).toThrow(EnvValidationError);
    expect(() => loadEnv(ClusterAppEnv, {})).toThrow(/ZG_DATA_KEY is required: 32 random bytes/);
    expect(() => loadEnv(ClusterAppEnv, { ZG_DATA_KEY: 'too-short' })).toThrow(/ZG_DATA_KEY/);
    expect(loadEnv(ClusterAppEnv, { ZG_DATA_KEY: key }).ZG_DATA_KEY).toBe(key);
    expect(loadEnv(ClusterAppEnv, { ZG_DATA_KEY: 'ab'.repeat(32) }).ZG_DATA_KEY).toBe('ab'.repeat(32));
  });

  it('lets the standalone process go without one (it generates it) but checks one that is given', () => {
    expect(loadEnv(StandaloneLikeEnv, {}).ZG_DATA_KEY).toBeUndefined();
    expect(() => loadEnv(StandaloneLikeEnv, { ZG_DATA_KEY: 'too-short' })).toThrow(/ZG_DATA_KEY/);
  });
});
