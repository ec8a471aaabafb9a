import { BlockList, isIP } from 'node:net';

/** Where webhooks may go. Link-local and cloud metadata endpoints are always refused. */
export interface WebhookUrlPolicy {
  /** Loopback and private ranges (10/8, 172.16/12, 192.168/16, 127/8, fc00::/7, ...); default allowed. */
  allowPrivateNetworks: boolean;
}

export const DEFAULT_URL_POLICY: WebhookUrlPolicy = { allowPrivateNetworks: true };

/** Cloud metadata services by name (AWS, GCP, Azure, Alibaba, Oracle, DigitalOcean...). */
const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.internal',
  'instance-data',
  'instance-data.ec2.internal',
]);

const linkLocal = new BlockList();
linkLocal.addSubnet('169.254.0.0', 16, 'ipv4'); // includes 169.254.169.254 (AWS, GCP, Azure, OpenStack, DO)
linkLocal.addSubnet('fe80::', 10, 'ipv6');

const metadataAddresses = new BlockList();
metadataAddresses.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud
metadataAddresses.addAddress('192.0.0.192', 'ipv4'); // Oracle Cloud (classic)
metadataAddresses.addAddress('fd00:ec2::254', 'ipv6'); // AWS IMDS over IPv6
metadataAddresses.addAddress('fd00:ec2::23', 'ipv6'); // AWS Time Sync / DNS

const privateRanges = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  privateRanges.addSubnet(net, bits, 'ipv4');
privateRanges.addAddress('::1', 'ipv6');
privateRanges.addAddress('::', 'ipv6');
privateRanges.addSubnet('fc00::', 7, 'ipv6');

/** `::ffff:a9fe:a9fe` and `::ffff:169.254.169.254` as the IPv4 address they carry. */
function unmapIpv4(address: string): string | undefined {
  const m = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!m) return undefined;
  if (m[1]) return m[1];
  const hi = parseInt(m[2]!, 16);
  const lo = parseInt(m[3]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Why a resolved IP address may not receive webhooks, or undefined when it may. */
export function forbiddenAddress(address: string, policy: WebhookUrlPolicy): string | undefined {
  const mapped = unmapIpv4(address);
  const ip = mapped ?? address;
  const type = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (metadataAddresses.check(ip, type)) return `${address} is a cloud metadata address`;
  if (linkLocal.check(ip, type)) return `${address} is a link-local address (169.254.0.0/16, fe80::/10)`;
  if (!policy.allowPrivateNetworks && privateRanges.check(ip, type))
    return `${address} is a private or loopback address (WEBHOOK_ALLOW_PRIVATE_NETWORKS=false)`;
  return undefined;
}

/**
 * Checks a webhook URL when it is configured: http(s), parsable, and not aimed at a link-local or
 * cloud metadata address (or a private one when the policy says so). Returns the problem, or
 * undefined when the URL is acceptable. Host names are checked again once resolved, at delivery.
 */
export function webhookUrlProblem(raw: string, policy: WebhookUrlPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'the webhook URL is not a valid absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'the webhook URL must be http or https';
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (!host) return 'the webhook URL has no host';
  if (METADATA_HOSTS.has(host)) return `the webhook URL points at a cloud metadata service (${host})`;
  if (isIP(host)) {
    const problem = forbiddenAddress(host, policy);
    if (problem) return `the webhook URL is refused: ${problem}`;
  } else if (!policy.allowPrivateNetworks && (host === 'localhost' || host.endsWith('.localhost'))) {
    return `the webhook URL is refused: ${host} is loopback (WEBHOOK_ALLOW_PRIVATE_NETWORKS=false)`;
  }
  return undefined;
}
