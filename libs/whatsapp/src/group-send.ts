import type { GroupMetadata, WASocket } from '@whiskeysockets/baileys';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import type { GroupMetadataCache } from './group-metadata-cache.js';

/**
 * A group send needs the group's metadata (Baileys encrypts for every member): a group WhatsApp
 * does not know, or that this account is not in, is `group_not_found` instead of a 500. Timeouts
 * and a closed connection stay what they are. With a cache, a group whose metadata is cached (no
 * change reported for it since) is not asked for again; Baileys reads the same cache.
 */
export async function requireGroup(
  socket: Pick<WASocket, 'groupMetadata'>,
  jid: string,
  cache?: GroupMetadataCache,
): Promise<GroupMetadata> {
  try {
    const load = () => socket.groupMetadata(jid);
    return await (cache ? cache.get(jid, load) : load());
  } catch (err) {
    const boom = err as { isBoom?: boolean; data?: unknown; output?: { statusCode?: number } };
    const status = typeof boom.data === 'number' ? boom.data : boom.output?.statusCode;
    // WhatsApp answers 404 (no such group), 403 or 401 (not a participant); a reply without a
    // <group> node (the simulator has no groups yet) is a 500 Boom around that reply
    const refused = status === 401 || status === 403 || status === 404;
    const missing = boom.isBoom && (refused || (status === 500 && typeof boom.data === 'object'));
    if (!missing) throw err;
    throw new DomainError(ErrorCode.GroupNotFound, `group ${jid} not found, or this number is not in it`);
  }
}
