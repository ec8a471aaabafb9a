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

/** What the simulator keeps of an account across restarts (see `SimStateFile`). */
export interface AccountState {
  number: string;
  lid: string;
  name: string;
  identityKeyPair: KeyPair;
  nextCompanionId: number;
  devices: Device[];
}

/** A WhatsApp account: one phone number, one LID, the phone (device 0) and its linked companions. */
export class Account {
  readonly devices = new Map<number, Device>();
  private nextCompanionId = 1;

  static fromState(state: AccountState): Account {
    const account = new Account(state.number, state.lid, state.name, state.identityKeyPair);
    for (const device of state.devices) account.addDevice(device);
    // an unlinked device's id is never handed out again, as on WhatsApp
    account.nextCompanionId = Math.max(account.nextCompanionId, state.nextCompanionId);
    return account;
  }

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

  toState(): AccountState {
    return {
      number: this.number,
      lid: this.lid,
      name: this.name,
      identityKeyPair: this.identityKeyPair,
      nextCompanionId: this.nextCompanionId,
      devices: [...this.devices.values()],
    };
  }
}
