import { DEFAULT_URL_POLICY, forbiddenAddress, webhookUrlProblem } from './url-policy.js';

describe(webhookUrlProblem.name, () => {
  const open = { allowPrivateNetworks: true };

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://169.254.170.2/v2/credentials',
    'http://[fe80::1]/hook',
    'http://[fd00:ec2::254]/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://METADATA.GOOGLE.INTERNAL./x',
    'http://2852039166/', // 169.254.169.254 as a number
    'http://0xa9.0xfe.0xa9.0xfe/',
    'http://100.100.100.200/latest/meta-data',
    // 169.254.169.254 inside IPv6: mapped, compatible, translated, NAT64 (well-known and
    // local-use), 6to4, Teredo (client, obfuscated) and an ISATAP interface identifier
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[::a9fe:a9fe]/',
    'http://[::169.254.169.254]/',
    'http://[::ffff:0:a9fe:a9fe]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[64:ff9b::169.254.169.254]/',
    'http://[64:ff9b:1::a9fe:a9fe]/',
    'http://[2002:a9fe:a9fe::1]/',
    'http://[2001:0:4136:e378:8000:63bf:5601:5601]/',
    'http://[2001:db8::5efe:a9fe:a9fe]/',
    'http://[64:ff9b::6464:64c8]/', // NAT64 to Alibaba's metadata address
  ])('refuses %s whatever the policy', (url) => {
    for (const policy of [DEFAULT_URL_POLICY, open])
      expect(webhookUrlProblem(url, policy)).toMatch(/metadata|link-local/);
  });

  it.each(['not a url', 'ftp://example.com/x', '/relative/path'])('refuses malformed %s', (url) => {
    expect(webhookUrlProblem(url, DEFAULT_URL_POLICY)).toMatch(/valid absolute URL|http or https/);
  });

  it('accepts public URLs (query string included), also through NAT64 and 6to4 to a public IPv4', () => {
    for (const url of [
      'https://example.com/hook?token=abc&x=1',
      'http://93.184.216.34/h',
      'http://[2606:4700::1111]/h',
      'http://[64:ff9b::5db8:d822]/h',
      'http://[2002:5db8:d822::1]/h',
      'http://[::ffff:93.184.216.34]/h',
    ])
      expect(webhookUrlProblem(url, DEFAULT_URL_POLICY)).toBeUndefined();
  });

  it.each([
    'http://10.0.0.5:8080/h',
    'http://192.168.1.2/h',
    'http://172.16.0.1/h',
    'http://100.64.0.1/h',
    'http://127.0.0.1:3000/h',
    'http://0.0.0.0/h',
    'http://[::1]:3000/h',
    'http://[fd12::1]/h',
    'http://localhost/h',
    'http://app.localhost/h',
    'http://[::ffff:127.0.0.1]/h',
    'http://[::ffff:10.0.0.1]/h',
    'http://[64:ff9b::a00:1]/h', // NAT64 to 10.0.0.1
    'http://[64:ff9b:1::808:808]/h', // a local-use NAT64 prefix is a private translator
    'http://[2002:7f00:1::1]/h', // 6to4 of 127.0.0.1
  ])('refuses the private or loopback %s by default, allows it when private networks are', (url) => {
    expect(webhookUrlProblem(url, DEFAULT_URL_POLICY)).toMatch(
      /private.*WEBHOOK_ALLOW_PRIVATE_NETWORKS=true|loopback.*WEBHOOK_ALLOW_PRIVATE_NETWORKS=true/,
    );
    expect(webhookUrlProblem(url, open)).toBeUndefined();
  });
});

describe(forbiddenAddress.name, () => {
  it('checks resolved addresses the same way (what the connect-time lookup uses)', () => {
    expect(forbiddenAddress('169.254.169.254', { allowPrivateNetworks: true })).toMatch(/link-local/);
    for (const embedded of ['::ffff:a9fe:a9fe', '64:ff9b::a9fe:a9fe', '::a9fe:a9fe', '2002:a9fe:a9fe::'])
      expect(forbiddenAddress(embedded, { allowPrivateNetworks: true })).toMatch(
        /carrying 169\.254\.169\.254.*link-local/,
      );
    expect(forbiddenAddress('93.184.216.34', DEFAULT_URL_POLICY)).toBeUndefined();
    expect(forbiddenAddress('127.0.0.1', DEFAULT_URL_POLICY)).toMatch(/loopback/);
    expect(forbiddenAddress('::ffff:7f00:1', DEFAULT_URL_POLICY)).toMatch(/loopback/);
    expect(forbiddenAddress('127.0.0.1', { allowPrivateNetworks: true })).toBeUndefined();
    expect(forbiddenAddress('not-an-ip', { allowPrivateNetworks: true })).toMatch(/not an IP address/);
  });
});
