import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

/** The simulator's own certificate authority for its media host (kept in the state file). */
export interface MediaCa {
  keyPem: string;
  certPem: string;
}

/** A TLS key and certificate for the media host, issued by the `MediaCa`. */
export interface ServerCertificate {
  keyPem: string;
  certPem: string;
}

const CA_YEARS = 20;
const SERVER_YEARS = 5;
const DAY_MS = 86_400_000;

/** An RSA key made and used by node's crypto (native); node-forge only lays out the certificates. */
function rsaKeys(): { publicKey: forge.pki.rsa.PublicKey; keyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKey: forge.pki.publicKeyFromPem(publicKey), keyPem: privateKey };
}

/**
 * Signs with SHA-256 and RSA through node's crypto: forge hands its signer the DER of the
 * to-be-signed certificate through `md.update` (its own big-number RSA takes seconds under jest).
 */
function signCertificate(cert: forge.pki.Certificate, keyPem: string): void {
  let tbs = '';
  const md = {
    algorithm: 'sha256',
    update(bytes: string) {
      tbs += bytes;
      return md;
    },
  };
  const signer = { sign: () => sign('sha256', Buffer.from(tbs, 'binary'), keyPem).toString('binary') };
  cert.sign(signer as unknown as forge.pki.rsa.PrivateKey, md as unknown as forge.md.MessageDigest);
}

function baseCertificate(publicKey: forge.pki.rsa.PublicKey, years: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // positive, random, 16 bytes (RFC 5280 allows up to 20 octets)
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  const now = Date.now();
  cert.validity.notBefore = new Date(now - DAY_MS); // tolerate clock skew
  cert.validity.notAfter = new Date(now + years * 365 * DAY_MS);
  return cert;
}

/** A new CA: what clients of the simulator's media host are told to trust (and nothing else). */
export function createMediaCa(): MediaCa {
  const { publicKey, keyPem } = rsaKeys();
  const cert = baseCertificate(publicKey, CA_YEARS);
  const subject = [
    { name: 'commonName', value: 'zapgate WhatsApp simulator media CA' },
    { name: 'organizationName', value: 'zapgate simulator (never trust outside tests and sandbox)' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  signCertificate(cert, keyPem);
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}

/**
 * A server certificate for the media host, valid for every name it is reached by (`localhost`,
 * loopback addresses and the advertised hostname, which may be an IP address or a DNS name).
 */
export function issueServerCertificate(ca: MediaCa, hostnames: string[]): ServerCertificate {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const { publicKey, keyPem } = rsaKeys();
  const cert = baseCertificate(publicKey, SERVER_YEARS);
  const names = [...new Set(hostnames)];
  cert.setSubject([{ name: 'commonName', value: names[0] ?? 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      // type 2: DNS name, type 7: IP address
      altNames: names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })),
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  signCertificate(cert, ca.keyPem);
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}
