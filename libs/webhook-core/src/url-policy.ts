import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Where webhooks may go. Link-local and cloud metadata endpoints are always refused. */
export interface WebhookUrlPolicy {
  /**
   * Loopback, private and other non-public ranges (10/8, 172.16/12, 192.168/16, 127/8, 100.64/10,
   * fc00::/7, ...). Off unless asked for (WEBHOOK_ALLOW_PRIVATE_NETWORKS=true; on in the sandbox).
   */
  allowPrivateNetworks: boolean;
}

/** The policy when nothing says otherwise: public addresses only. */
export const DEFAULT_URL_POLICY: WebhookUrlPolicy = { allowPrivateNetworks: false };

/** Cloud metadata services by name (AWS, GCP, Azure, Alibaba, Oracle, DigitalOcean...). */
const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.internal',
  'instance-data',
  'instance-data.ec2.internal',
]);

/** Metadata endpoints outside the link-local ranges (those are refused as a whole). */
const METADATA_ADDRESSES = [
  '100.100.100.200', // Alibaba Cloud
  '192.0.0.192', // Oracle Cloud (classic)
  'fd00:ec2::254', // AWS IMDS over IPv6
  'fd00:ec2::23', // AWS Time Sync / DNS
].map((a) => ipaddr.parse(a).toNormalizedString());

/** Ranges ipaddr.js names whose addresses are public unicast (a webhook target like any other). */
const PUBLIC_RANGES = new Set(['unicast', 'amt', 'as112', 'as112v6']);

/** The RFC 6052 prefix lengths: where an IPv4 address sits in an IPv4-embedded IPv6 address. */
const RFC6052_PREFIXES = [32, 40, 48, 56, 64, 96];
const WELL_KNOWN_NAT64 = ipaddr.parseCIDR('64:ff9b::/96');

/**
 * IPv4 addresses an IPv6 address carries, wherever a translator, tunnel or dual stack would take
 * them out and connect to: IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible (`::a.b.c.d`),
 * IPv4-translated (`::ffff:0:a.b.c.d`), NAT64 (`64:ff9b::/96`; the local-use `64:ff9b:1::/48` at
 * every RFC 6052 prefix length), 6to4 (`2002:AABB:CCDD::/48`), Teredo (server and de-obfuscated
 * client) and ISATAP interface identifiers (`...:0:5efe:a.b.c.d`). `translated`: the address
 * stands for the IPv4 one (it is as public as what it carries).
 */
function embeddedIpv4(ip: ipaddr.IPv6): { carried: ipaddr.IPv4[]; translated: boolean } {
  const b = ip.toByteArray();
  const v4 = (at: number, flip = 0) =>
    new ipaddr.IPv4([b[at]! ^ flip, b[at + 1]! ^ flip, b[at + 2]! ^ flip, b[at + 3]! ^ flip]);
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const carried: ipaddr.IPv4[] = [];
  const range = ip.range();
  let translated = false;
  if (range === 'ipv4Mapped' || range === 'rfc6145') {
    carried.push(v4(12));
    translated = true;
  }
  // IPv4-compatible ::a.b.c.d (deprecated, but a dual stack may still route it): not :: or ::1
  if (zero(0, 12) && !zero(12, 15)) carried.push(v4(12));
  if (range === 'rfc6052') {
    translated = ip.match(WELL_KNOWN_NAT64);
    for (const prefix of translated ? [96] : RFC6052_PREFIXES) {
      // RFC 6052 section 2.2: the IPv4 bits start after the prefix and skip bits 64-71
      const bytes: number[] = [];
      for (let i = prefix / 8; bytes.length < 4; i++) if (i !== 8) bytes.push(b[i]!);
      carried.push(new ipaddr.IPv4(bytes));
    }
  }
  if (range === '6to4') {
    carried.push(v4(2));
    translated = true;
  }
  if (range === 'teredo') {
    carried.push(v4(4), v4(12, 0xff));
    translated = true;
  }
  // ISATAP: interface identifier 0000:5efe or 0200:5efe (any prefix), then the IPv4 address
  if ((b[8]! & 0xfd) === 0 && b[9] === 0 && b[10] === 0x5e && b[11] === 0xfe) carried.push(v4(12));
  return { carried, translated };
}

type Verdict = { kind: 'allowed' } | { kind: 'always' | 'private'; reason: string };
const SEVERITY = { allowed: 0, private: 1, always: 2 } as const;
const worst = (verdicts: Verdict[]): Verdict =>
  verdicts.reduce((a, b) => (SEVERITY[b.kind] > SEVERITY[a.kind] ? b : a), { kind: 'allowed' });

function verdictOf(ip: Address, shown: string): Verdict {
  if (METADATA_ADDRESSES.includes(ip.toNormalizedString()))
    return { kind: 'always', reason: `${shown} is a cloud metadata address` };
  const range = ip.range();
  if (range === 'linkLocal')
    return { kind: 'always', reason: `${shown} is a link-local address (169.254.0.0/16, fe80::/10)` };
  const own: Verdict = PUBLIC_RANGES.has(range)
    ? { kind: 'allowed' }
    : { kind: 'private', reason: `${shown} is a private, loopback or other non-public address (${range})` };
  if (ip.kind() === 'ipv4') return own;
  const { carried, translated } = embeddedIpv4(ip as ipaddr.IPv6);
  // what it carries counts as much as what it is: a metadata or link-local address inside is
  // refused as such; a translator or tunnel to a public IPv4 address is as public as that address
  const inner = worst(carried.map((v4) => verdictOf(v4, `${shown} (carrying ${v4.toString()})`)));
  return worst([translated ? { kind: 'allowed' } : own, inner]);
}

/** Parses an IP address (either family; the IPv6 zone id dropped); undefined when it is none. */
function parseIp(address: string): Address | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  return ipaddr.isValid(bare) ? ipaddr.parse(bare) : undefined;
}

/** Why a resolved IP address may not receive webhooks, or undefined when it may. */
export function forbiddenAddress(address: string, policy: WebhookUrlPolicy): string | undefined {
  const ip = parseIp(address);
  if (!ip) return `${address} is not an IP address`;
  const v = verdictOf(ip, address);
  if (v.kind === 'always') return v.reason;
  if (v.kind === 'private' && !policy.allowPrivateNetworks)
    return `${v.reason}; private targets need WEBHOOK_ALLOW_PRIVATE_NETWORKS=true`;
  return undefined;
}

/**
 * Checks a webhook URL when it is configured: http(s), parsable, and not aimed at a link-local or
 * cloud metadata address (nor at a private one unless the policy allows them), IPv4 addresses
 * carried inside IPv6 ones included. Returns the problem, or undefined when the URL is acceptable.
 * Host names are checked again once resolved, at delivery (HttpWebhookSender's lookup).
 */
export function webhookUrlProblem(raw: string, policy: WebhookUrlPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'the webhook URL is not a valid absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'the webhook URL must be http or https';
  // WHATWG URL parsing has already turned 2852039166, 0xa9.0xfe.0xa9.0xfe and the like into
  // dotted quads, and IPv6 literals into their canonical form
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (!host) return 'the webhook URL has no host';
  if (METADATA_HOSTS.has(host)) return `the webhook URL points at a cloud metadata service (${host})`;
  if (parseIp(host)) {
    const problem = forbiddenAddress(host, policy);
    if (problem) return `the webhook URL is refused: ${problem}`;
  } else if (!policy.allowPrivateNetworks && (host === 'localhost' || host.endsWith('.localhost'))) {
    return `the webhook URL is refused: ${host} is loopback; private targets need WEBHOOK_ALLOW_PRIVATE_NETWORKS=true`;
  }
  return undefined;
}
