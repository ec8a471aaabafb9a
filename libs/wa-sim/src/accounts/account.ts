import type { BinaryNode, KeyPair } from '@whiskeysockets/baileys';
import { deviceJid, LID_SERVER, PN_SERVER, userJid, type AddressingServer } from './jids.js';

/** What another device needs to start a Signal session with this one. */
export interface PreKeyBundle {
  registration: Uint8Array;
  identity: Uint8Array;
  signedPreKey: BinaryNode;
  /** One-time prekeys (`<key><id/><value/></key>` nodes); each is handed out once. */
  oneTimePreKeys: BinaryNode[];
}

export interface Device {
  id: number;
  /** Noise static public key the device logs in with. */
  noisePublicKey: Uint8Array;
  /** Signal identity public key (32 bytes). */
  identityKey: Uint8Array;
  bundle: PreKeyBundle;
  platform: string;
  linkedAt: number;
}

/** A WhatsApp account: one phone number, one LID, the phone (device 0) and its linked companions. */
export class Account {
  readonly devices = new Map<number, Device>();
  private nextCompanionId = 1;

  constructor(
    readonly number: string,
    readonly lid: string,
    public name: string,
    /** The phone's Signal identity key pair: signs companion device identities (ADV). */
    readonly identityKeyPair: KeyPair,
  ) {}

  get pnJid(): string {
    return userJid(this.number, PN_SERVER);
  }

  get lidJid(): string {
    return userJid(this.lid, LID_SERVER);
  }

  jidFor(server: AddressingServer, device: number): string {
    return deviceJid(server === LID_SERVER ? this.lid : this.number, server, device);
  }

  allocateCompanionId(): number {
    return this.nextCompanionId++;
  }

  addDevice(device: Device): void {
    this.devices.set(device.id, device);
    if (device.id >= this.nextCompanionId) this.nextCompanionId = device.id + 1;
  }

  removeDevice(id: number): boolean {
    return this.devices.delete(id);
  }
}
