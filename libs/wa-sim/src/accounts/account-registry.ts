import { randomInt } from 'node:crypto';
import type { KeyPair } from '@whiskeysockets/baileys';
import { Account, type Device } from './account.js';
import { decodeUserJid, LID_SERVER, type AddressingServer } from './jids.js';

export interface ResolvedDevice {
  account: Account;
  device: Device;
  /** The addressing (PN or LID) the jid used. */
  server: AddressingServer;
}

export class AccountRegistry {
  private readonly byNumber = new Map<string, Account>();
  private readonly byLid = new Map<string, Account>();

  create(number: string, name: string, identityKeyPair: KeyPair): Account {
    if (this.byNumber.has(number)) throw new Error(`account ${number} already exists`);
    let lid: string;
    do {
      lid = String(randomInt(100_000_000_000, 280_000_000_000_000));
    } while (this.byLid.has(lid));
    const account = new Account(number, lid, name, identityKeyPair);
    this.byNumber.set(number, account);
    this.byLid.set(lid, account);
    return account;
  }

  /** Registers an account restored from saved state, with its number and LID. */
  add(account: Account): void {
    if (this.byNumber.has(account.number) || this.byLid.has(account.lid))
      throw new Error(`account ${account.number} already exists`);
    this.byNumber.set(account.number, account);
    this.byLid.set(account.lid, account);
  }

  get(number: string): Account | undefined {
    return this.byNumber.get(number);
  }

  list(): Account[] {
    return [...this.byNumber.values()];
  }

  /** Finds the account behind a PN or LID user/device jid. */
  resolveAccount(
    jid: string | undefined,
  ): { account: Account; server: AddressingServer; device: number } | undefined {
    const decoded = decodeUserJid(jid);
    if (!decoded) return undefined;
    const account =
      decoded.server === LID_SERVER ? this.byLid.get(decoded.user) : this.byNumber.get(decoded.user);
    return account ? { account, server: decoded.server, device: decoded.device } : undefined;
  }

  resolveDevice(jid: string | undefined): ResolvedDevice | undefined {
    const found = this.resolveAccount(jid);
    const device = found?.account.devices.get(found.device);
    return found && device ? { account: found.account, device, server: found.server } : undefined;
  }
}
