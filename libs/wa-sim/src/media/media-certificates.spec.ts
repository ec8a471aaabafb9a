import { X509Certificate } from 'node:crypto';
import { createMediaCa, issueServerCertificate } from './media-certificates.js';

describe(issueServerCertificate.name, () => {
  it('issues a server certificate from the simulator CA, for every name the host is reached by', () => {
    const ca = createMediaCa();
    const sut = issueServerCertificate(ca, ['localhost', '127.0.0.1', '::1', 'wa-sim', 'localhost']);

    const root = new X509Certificate(ca.certPem);
    const leaf = new X509Certificate(sut.certPem);
    expect(root.ca).toBe(true);
    expect(root.verify(root.publicKey)).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(root)).toBe(true);
    expect(leaf.verify(root.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe(
      'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:wa-sim',
    );
    expect(leaf.checkHost('wa-sim')).toBe('wa-sim');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkHost('mmg.whatsapp.net')).toBeUndefined();
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth
    expect(new Date(leaf.validFrom).getTime()).toBeLessThan(Date.now());
    expect(sut.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });
});
