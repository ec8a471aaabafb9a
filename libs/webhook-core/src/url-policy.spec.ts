import { DEFAULT_URL_POLICY, forbiddenAddress, webhookUrlProblem } from './url-policy.js';

describe(webhookUrlProblem.name, () => {
  const strict = { allowPrivateNetworks: false };

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://169.254.170.2/v2/credentials',
    'http://[fe80::1]/hook',
    'http://[fd00:ec2::254]/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://METADATA.GOOGLE.INTERNAL./x',
    'http://2852039166/', // 169.254.169.254 as a number
    'http://0xa9.0xfe.0xa9.0xfe/',
    'http://[::ffff:169.254.169.254]/',
    'http://100.100.100.200/latest/meta-data',
  ])('refuses %s by default', (url) => {
    expect(webhookUrlProblem(url, DEFAULT_URL_POLICY)).toMatch(/metadata|link-local/);
  });

  it.each(['not a url', 'ftp://example.com/x', '/relative/path'])('refuses malformed %s', (url) => {
    expect(webhookUrlProblem(url, DEFAULT_URL_POLICY)).toMatch(/valid absolute URL|http or https/);
  });

  it('accepts public and (by default) private and loopback URLs, query string included', () => {
    for (const url of [
      'https://example.com/hook?token=abc&x=1',
      'http://10.0.0.5:8080/h',
      'http://127.0.0.1:3000/h',
      'http://[::1]:3000/h',
      'http://localhost/h',
    ])
      expect(webhookUrlProblem(url, DEFAULT_URL_POLICY)).toBeUndefined();
  });

  it('refuses private and loopback addresses when private networks are not allowed', () => {
    for (const url of [
      'http://10.0.0.5/h',
      'http://192.168.1.2/h',
      'http://127.0.0.1/h',
      'http://localhost/h',
    ])
      expect(webhookUrlProblem(url, strict)).toMatch(/private|loopback/);
    expect(webhookUrlProblem('https://example.com/h', strict)).toBeUndefined();
  });

  it('checks resolved addresses the same way', () => {
    expect(forbiddenAddress('169.254.169.254', DEFAULT_URL_POLICY)).toMatch(/link-local/);
    expect(forbiddenAddress('::ffff:a9fe:a9fe', DEFAULT_URL_POLICY)).toMatch(/link-local/);
    expect(forbiddenAddress('93.184.216.34', strict)).toBeUndefined();
    expect(forbiddenAddress('127.0.0.1', DEFAULT_URL_POLICY)).toBeUndefined();
    expect(forbiddenAddress('127.0.0.1', strict)).toMatch(/private/);
  });
});
