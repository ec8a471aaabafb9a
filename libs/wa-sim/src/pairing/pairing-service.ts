import { hkdfSync, randomBytes } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import {
  aesDecryptCTR,
  aesDecryptGCM,
  aesEncryptCTR,
  Curve,
  derivePairingCodeKey,
  hmacSign,
  proto,
  S_WHATSAPP_NET,
  type BinaryNode,
  type KeyPair,
} from '@whiskeysockets/baileys';
import type { Account, Device, PreKeyBundle } from '../accounts/account.js';
import { LID_SERVER, PN_SERVER } from '../accounts/jids.js';
import type { ClientConnection } from '../transport/client-connection.js';
import { bigEndian, bytes, child, iqResult, node, unixNow } from '../stanza/nodes.js';
import { SimError } from '../sim-error.js';

const QR_PREFIX = 'https://wa.me/settings/linked_devices#';
const QR_REFS_PER_CONNECTION = 6;
const ADV_ACCOUNT_SIGNATURE_PREFIX = Buffer.from([6, 0]);
const ADV_DEVICE_SIGNATURE_PREFIX = Buffer.from([6, 1]);
/** How long the phone waits for the companion's code request to reach the server. */
const LINK_REQUEST_WAIT_MS = 2_000;

const hkdf = (ikm: Uint8Array, salt: Uint8Array, info: string): Buffer =>
  Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from(info), 32));

/** A companion that connected without credentials and is showing QR codes / waiting for a code. */
interface PendingCompanion {
  connection: ClientConnection;
  refs: string[];
  registration: proto.ClientPayload.IDevicePairingRegistrationData;
  platform: string;
  linkCode?: {
    number: string;
    wrappedCompanionEphemeral: Buffer;
    noisePublicKey: Buffer;
    companionEphemeral?: Buffer;
    phoneEphemeral?: KeyPair;
  };
  /** Set after pair-success is sent, until the companion signs it. */
  awaitingSignature?: { iqId: string; account: Account; device: Device };
}

export interface PairingHost {
  onPaired(account: Account, device: Device): void;
  /**
   * Whether the account is a WhatsApp Business account: its devices are linked as platform
   * `smba` (the Business app), others as `android` (Baileys keeps it as `creds.platform`).
   */
  isBusiness?(account: Account): boolean;
}

export interface ParsedQr {
  ref: string;
  noiseKey: Buffer;
  identityKey: Buffer;
  advSecret: Buffer;
  platformId: string;
}

export function parsePairingQr(qr: string): ParsedQr {
  const body = qr.trim().startsWith(QR_PREFIX) ? qr.trim().slice(QR_PREFIX.length) : qr.trim();
  const [ref, noise, identity, adv, platformId] = body.split(',');
  const decode = (v: string | undefined) => (v ? Buffer.from(v, 'base64') : Buffer.alloc(0));
  const parsed = {
    ref: ref ?? '',
    noiseKey: decode(noise),
    identityKey: decode(identity),
    advSecret: decode(adv),
    platformId: platformId ?? '',
  };
  if (
    !parsed.ref ||
    parsed.noiseKey.length !== 32 ||
    parsed.identityKey.length !== 32 ||
    parsed.advSecret.length !== 32
  ) {
    throw new SimError('invalid_qr', 'not a WhatsApp linked-device QR code');
  }
  return parsed;
}

/**
 * QR and pairing-code linking, played by the account's phone: the phone signs the companion's
 * identity with the account key (ADV), the server sends `pair-success`, the companion counter-signs,
 * and the server asks it to restart (515) and log in with its new credentials.
 */
export class PairingService {
  private readonly pending = new Map<number, PendingCompanion>();
  private readonly linkRequests = new EventEmitter();

  constructor(private readonly host: PairingHost) {}

  /** A companion connected with registration data: hand it QR refs. */
  async begin(connection: ClientConnection, payload: proto.ClientPayload): Promise<void> {
    const registration = payload.devicePairingData!;
    const refs = Array.from(
      { length: QR_REFS_PER_CONNECTION },
      () => `2@${randomBytes(24).toString('base64')}`,
    );
    const platform = payload.userAgent?.platform !== undefined ? String(payload.userAgent.platform) : 'web';
    this.pending.set(connection.id, { connection, refs, registration, platform });
    await connection.send(
      node(
        'iq',
        { from: S_WHATSAPP_NET, type: 'set', id: `pd-${randomBytes(4).toString('hex')}`, xmlns: 'md' },
        [
          node(
            'pair-device',
            {},
            refs.map((ref) => node('ref', {}, Buffer.from(ref))),
          ),
        ],
      ),
    );
  }

  forget(connection: ClientConnection): void {
    this.pending.delete(connection.id);
  }

  /** The phone scanned a QR: link the companion that shows it to the account. */
  async scan(account: Account, qr: string): Promise<Device> {
    const parsed = parsePairingQr(qr);
    const pending = [...this.pending.values()].find((p) => p.refs.includes(parsed.ref));
    if (!pending || !pending.connection.isOpen) {
      throw new SimError('qr_expired', 'no device is showing this QR code any more');
    }
    if (
      !pending.connection.clientStaticKey ||
      !parsed.noiseKey.equals(Buffer.from(pending.connection.clientStaticKey))
    ) {
      throw new SimError('invalid_qr', 'QR code does not belong to the connected device');
    }
    return this.sendPairSuccess(pending, account, parsed.identityKey, parsed.advSecret);
  }

  /** The phone typed the code the companion displays. */
  async enterCode(account: Account, code: string): Promise<void> {
    const pending = await this.linkRequestFor(account.number);
    if (!pending?.linkCode) {
      throw new SimError(
        'no_pairing_request',
        `no device is waiting for a pairing code for ${account.number}`,
      );
    }
    const normalised = code.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
    const link = pending.linkCode;
    const w = link.wrappedCompanionEphemeral;
    const companionEphemeral = aesDecryptCTR(
      w.subarray(48, 80),
      await derivePairingCodeKey(normalised, w.subarray(0, 32)),
      w.subarray(32, 48),
    );
    link.companionEphemeral = companionEphemeral;
    link.phoneEphemeral = Curve.generateKeyPair();
    const salt = randomBytes(32);
    const iv = randomBytes(16);
    const wrapped = Buffer.concat([
      salt,
      iv,
      aesEncryptCTR(link.phoneEphemeral.public, await derivePairingCodeKey(normalised, salt), iv),
    ]);
    await pending.connection.send(
      node(
        'notification',
        {
          from: S_WHATSAPP_NET,
          type: 'link_code_companion_reg',
          id: `lc-${randomBytes(4).toString('hex')}`,
          t: unixNow(),
        },
        [
          node('link_code_companion_reg', {}, [
            node('link_code_pairing_ref', {}, Buffer.from('sim-ref')),
            node('primary_identity_pub', {}, account.identityKeyPair.public),
            node('link_code_pairing_wrapped_primary_ephemeral_pub', {}, wrapped),
          ]),
        ],
      ),
    );
  }

  /**
   * The companion's `companion_hello` may still be in flight when the code is typed (Baileys
   * shows the code without waiting for the server), so wait for it a little.
   */
  private async linkRequestFor(number: string): Promise<PendingCompanion | undefined> {
    const find = () =>
      [...this.pending.values()].find((p) => p.linkCode?.number === number && p.connection.isOpen);
    const deadline = AbortSignal.timeout(LINK_REQUEST_WAIT_MS);
    let found = find();
    while (!found && !deadline.aborted) {
      await once(this.linkRequests, number, { signal: deadline }).catch(() => undefined);
      found = find();
    }
    return found;
  }

  /** `iq xmlns=md` with `link_code_companion_reg` from the companion. */
  async onLinkCodeStage(
    connection: ClientConnection,
    iq: BinaryNode,
    reg: BinaryNode,
    resolveAccount: (number: string) => Account | undefined,
  ): Promise<void> {
    const pending = this.pending.get(connection.id);
    const stage = reg.attrs['stage'];
    if (!pending) {
      await connection.send(iqResult(iq));
      return;
    }
    if (stage === 'companion_hello') {
      const number = (reg.attrs['jid'] ?? '').split('@')[0]!.split(':')[0]!;
      pending.linkCode = {
        number,
        wrappedCompanionEphemeral:
          bytes(child(reg, 'link_code_pairing_wrapped_companion_ephemeral_pub')) ?? Buffer.alloc(0),
        noisePublicKey: bytes(child(reg, 'companion_server_auth_key_pub')) ?? Buffer.alloc(0),
      };
      this.linkRequests.emit(number);
      await connection.send(iqResult(iq, [node('link_code_companion_reg', { ref: 'sim-ref' })]));
      return;
    }
    await connection.send(iqResult(iq));
    if (
      stage === 'companion_finish' &&
      pending.linkCode?.phoneEphemeral &&
      pending.linkCode.companionEphemeral
    ) {
      const account = resolveAccount(pending.linkCode.number);
      if (!account) return;
      const link = pending.linkCode;
      const bundle = bytes(child(reg, 'link_code_pairing_wrapped_key_bundle')) ?? Buffer.alloc(0);
      const shared = Curve.sharedKey(link.phoneEphemeral!.private, link.companionEphemeral!);
      const key = hkdf(shared, bundle.subarray(0, 32), 'link_code_pairing_key_bundle_encryption_key');
      const plain = aesDecryptGCM(bundle.subarray(44), key, bundle.subarray(32, 44), Buffer.alloc(0));
      const companionIdentity = plain.subarray(0, 32);
      const random = plain.subarray(64, 96);
      const identityShared = Curve.sharedKey(account.identityKeyPair.private, companionIdentity);
      const advSecret = hkdf(Buffer.concat([shared, identityShared, random]), Buffer.alloc(0), 'adv_secret');
      await this.sendPairSuccess(pending, account, companionIdentity, advSecret);
    }
  }

  /** The companion's `pair-device-sign` reply: verify it, then force the 515 restart. */
  async onPairDeviceSign(connection: ClientConnection, iq: BinaryNode): Promise<boolean> {
    const pending = this.pending.get(connection.id);
    const awaiting = pending?.awaitingSignature;
    if (!awaiting || iq.attrs['id'] !== awaiting.iqId) return false;
    const signed = bytes(child(child(iq, 'pair-device-sign'), 'device-identity'));
    const identity = signed ? proto.ADVSignedDeviceIdentity.decode(signed) : undefined;
    const valid =
      !!identity?.details &&
      !!identity.deviceSignature &&
      Curve.verify(
        awaiting.device.identityKey,
        Buffer.concat([
          ADV_DEVICE_SIGNATURE_PREFIX,
          identity.details,
          awaiting.device.identityKey,
          awaiting.account.identityKeyPair.public,
        ]),
        identity.deviceSignature,
      );
    this.pending.delete(connection.id);
    if (!valid) {
      await connection.streamError(node('stream:error', { code: '401' }));
      return true;
    }
    awaiting.account.addDevice(awaiting.device);
    this.host.onPaired(awaiting.account, awaiting.device);
    await connection.streamError(node('stream:error', { code: '515' }));
    return true;
  }

  private async sendPairSuccess(
    pending: PendingCompanion,
    account: Account,
    companionIdentity: Buffer,
    advSecret: Buffer,
  ): Promise<Device> {
    if (pending.awaitingSignature)
      throw new SimError('already_paired', 'this device is already being linked');
    if (!pending.connection.clientStaticKey) throw new SimError('invalid_qr', 'device has no noise key');
    const deviceId = account.allocateCompanionId();
    const details = Buffer.from(
      proto.ADVDeviceIdentity.encode({
        rawId: deviceId,
        timestamp: Math.floor(Date.now() / 1000),
        keyIndex: deviceId,
      }).finish(),
    );
    const accountSignature = Curve.sign(
      account.identityKeyPair.private,
      Buffer.concat([ADV_ACCOUNT_SIGNATURE_PREFIX, details, companionIdentity]),
    );
    const signedIdentity = Buffer.from(
      proto.ADVSignedDeviceIdentity.encode({
        details,
        accountSignatureKey: account.identityKeyPair.public,
        accountSignature,
      }).finish(),
    );
    const hmacWrapped = Buffer.from(
      proto.ADVSignedDeviceIdentityHMAC.encode({
        details: signedIdentity,
        hmac: hmacSign(signedIdentity, advSecret),
      }).finish(),
    );
    const r = pending.registration;
    const bundle: PreKeyBundle = {
      registration: Buffer.from(r.eRegid ?? bigEndian(0, 4)),
      identity: Buffer.from(r.eIdent ?? companionIdentity),
      signedPreKey: node('skey', {}, [
        node('id', {}, Buffer.from(r.eSkeyId ?? [])),
        node('value', {}, Buffer.from(r.eSkeyVal ?? [])),
        node('signature', {}, Buffer.from(r.eSkeySig ?? [])),
      ]),
      oneTimePreKeys: [],
    };
    const device: Device = {
      id: deviceId,
      noisePublicKey: Buffer.from(pending.connection.clientStaticKey),
      identityKey: companionIdentity,
      bundle,
      platform: pending.platform,
      linkedAt: Date.now(),
    };
    const iqId = `ps-${randomBytes(4).toString('hex')}`;
    pending.awaitingSignature = { iqId, account, device };
    await pending.connection.send(
      node('iq', { from: S_WHATSAPP_NET, type: 'set', id: iqId, xmlns: 'md', t: unixNow() }, [
        node('pair-success', {}, [
          node('device-identity', {}, hmacWrapped),
          node('platform', { name: this.host.isBusiness?.(account) ? 'smba' : 'android' }),
          node('device', {
            jid: account.jidFor(PN_SERVER, deviceId),
            lid: account.jidFor(LID_SERVER, deviceId),
          }),
          node('biz', { name: account.name }),
        ]),
      ]),
    );
    return device;
  }
}
