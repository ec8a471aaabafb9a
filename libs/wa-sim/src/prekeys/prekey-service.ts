import type { BinaryNode } from '@whiskeysockets/baileys';
import type { Device } from '../accounts/account.js';
import type { AccountRegistry } from '../accounts/account-registry.js';
import { bytes, child, children, node } from '../stanza/nodes.js';

/**
 * Prekey storage and bundle serving (`xmlns=encrypt`): devices upload one-time prekeys and a
 * signed prekey; a sender fetching a bundle consumes one one-time prekey, as on WhatsApp.
 */
export class PreKeyService {
  constructor(private readonly accounts: AccountRegistry) {}

  count(device: Device | undefined): BinaryNode {
    return node('count', { value: String(device?.bundle.oneTimePreKeys.length ?? 0) });
  }

  /** `iq type=set xmlns=encrypt` with registration, identity, list and skey. */
  upload(device: Device, iq: BinaryNode): void {
    const registration = bytes(child(iq, 'registration'));
    const identity = bytes(child(iq, 'identity'));
    const skey = child(iq, 'skey');
    const keys = children(child(iq, 'list'), 'key');
    if (registration) device.bundle.registration = registration;
    if (identity) device.bundle.identity = identity;
    if (skey) device.bundle.signedPreKey = skey;
    device.bundle.oneTimePreKeys.push(...keys);
  }

  rotate(device: Device, iq: BinaryNode): void {
    const skey = child(child(iq, 'rotate'), 'skey');
    if (skey) device.bundle.signedPreKey = skey;
  }

  digest(device: Device | undefined): BinaryNode {
    if (!device) return node('digest');
    return node('digest', {}, [
      node('registration', {}, device.bundle.registration),
      node('type', {}, Buffer.from([5])),
      node('identity', {}, device.bundle.identity),
      device.bundle.signedPreKey,
      node(
        'list',
        {},
        device.bundle.oneTimePreKeys.map((k) => node('id', {}, bytes(child(k, 'id')) ?? Buffer.alloc(0))),
      ),
    ]);
  }

  /** `iq type=get xmlns=encrypt <key><user jid/>...</key>`: one bundle per requested device. */
  bundles(keyRequest: BinaryNode): BinaryNode {
    const users = children(keyRequest, 'user').map((user) => {
      const jid = user.attrs['jid'] ?? '';
      const found = this.accounts.resolveDevice(jid);
      // WhatsApp answers 404 for a device it does not know.
      if (!found) return node('user', { jid }, [node('error', { code: '404', text: 'item-not-found' })]);
      const b = found.device.bundle;
      const oneTime = b.oneTimePreKeys.shift();
      return node('user', { jid }, [
        node('registration', {}, b.registration),
        node('type', {}, Buffer.from([5])),
        node('identity', {}, b.identity),
        b.signedPreKey,
        ...(oneTime ? [oneTime] : []),
      ]);
    });
    return node('list', {}, users);
  }
}
