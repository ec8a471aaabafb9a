import type { WebhookDialect } from '@zapgate/contracts';
import type { DialectDescriptor } from '@zapgate/dialect-common';
import { MEGA_DIALECT } from '@zapgate/dialect-mega';
import { WPP_DIALECT } from '@zapgate/dialect-wppconnect';

/** The dialects the gateway speaks, by the name instances record: looked up, never tested by name. */
export const DIALECTS: Readonly<Record<WebhookDialect, DialectDescriptor>> = {
  mega: MEGA_DIALECT,
  wppconnect: WPP_DIALECT,
};

const BY_PREFIX = new Map(Object.values(DIALECTS).map((d) => [d.pathPrefix, d]));

/** The dialect whose routes a path is under (first segment, case-insensitive as routing is). */
export function dialectOfPath(path: string): DialectDescriptor | undefined {
  const first = path.split('?')[0]!.split('/')[1]?.toLowerCase();
  return first === undefined ? undefined : BY_PREFIX.get(first);
}
