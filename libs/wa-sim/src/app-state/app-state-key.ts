import { randomBytes, randomInt } from 'node:crypto';
import { proto, type AuthenticationState } from '@whiskeysockets/baileys';

/**
 * The phone's app-state sync key: made once (32 random bytes under a 6-byte key id, as WhatsApp's
 * own), kept in the phone's Baileys auth state (`app-state-sync-key` and `creds.myAppStateKeyId`,
 * so the phone's client decodes the patches its companions push), and shared with each linked
 * device (wire notes section 4). Resolves with its id (base64).
 */
export async function ensureAppStateKey(auth: AuthenticationState): Promise<string> {
  const id = auth.creds.myAppStateKeyId;
  if (id && (await auth.keys.get('app-state-sync-key', [id]))[id]) return id;
  const keyId = Buffer.concat([Buffer.alloc(2), randomBytes(4)]).toString('base64');
  const keyData = proto.Message.AppStateSyncKeyData.fromObject({
    keyData: randomBytes(32),
    fingerprint: { rawId: randomInt(1, 2 ** 31), currentIndex: 0, deviceIndexes: [0] },
    timestamp: Date.now(),
  });
  await auth.keys.set({ 'app-state-sync-key': { [keyId]: keyData } });
  auth.creds.myAppStateKeyId = keyId;
  return keyId;
}

/** The APP_STATE_SYNC_KEY_SHARE protocol message that hands the phone's key to a linked device. */
export async function appStateKeyShare(auth: AuthenticationState): Promise<proto.IMessage> {
  const id = await ensureAppStateKey(auth);
  const keyData = (await auth.keys.get('app-state-sync-key', [id]))[id]!;
  return {
    protocolMessage: {
      type: proto.Message.ProtocolMessage.Type.APP_STATE_SYNC_KEY_SHARE,
      appStateSyncKeyShare: {
        keys: [{ keyId: { keyId: Buffer.from(id, 'base64') }, keyData }],
      },
    },
  };
}
