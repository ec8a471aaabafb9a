import { EventEmitter } from 'node:events';
import type { BinaryNode } from '@whiskeysockets/baileys';
import { SimError } from '../sim-error.js';

/** Faults that last a while; `number` limits one to an account, otherwise it hits every socket. */
export type TimedFault =
  | { type: 'delay'; number?: string; ms: number; durationMs: number }
  | { type: 'drop'; number?: string; durationMs: number; tags?: string[] }
  | { type: 'refuse-login'; number?: string; durationMs: number };

/** Faults that happen once, now, to one device or (device omitted) every linked device but the phone. */
export type InstantFault =
  | { type: 'disconnect'; number: string; device?: number }
  | { type: 'stream-error'; number: string; device?: number; code: number };

export type Fault = TimedFault | InstantFault;

const MAX_DURATION_MS = 10 * 60_000;

interface ActiveFault {
  fault: TimedFault;
  until: number;
}

/**
 * Keeps the timed faults in force and answers, per outbound node or login, what they do to it.
 * Emits `dropped` (with the node) for every node a `drop` fault swallowed.
 */
export class FaultInjector extends EventEmitter<{ dropped: [BinaryNode] }> {
  private active: ActiveFault[] = [];

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  add(fault: TimedFault): { until: number } {
    if (!(fault.durationMs > 0 && fault.durationMs <= MAX_DURATION_MS)) {
      throw new SimError('invalid_fault', `durationMs must be between 1 and ${MAX_DURATION_MS}`);
    }
    if (fault.type === 'delay' && !(fault.ms > 0 && fault.ms <= 60_000)) {
      throw new SimError('invalid_fault', 'ms must be between 1 and 60000');
    }
    const until = this.now() + fault.durationMs;
    this.active.push({ fault, until });
    return { until };
  }

  clear(): void {
    this.active = [];
  }

  /** Delay in ms, `'drop'`, or undefined for a node on its way to a socket of `number`. */
  outbound(number: string | undefined, stanza: BinaryNode): number | 'drop' | undefined {
    let delay = 0;
    for (const { fault } of this.current(number)) {
      if (fault.type === 'drop' && (!fault.tags || fault.tags.includes(stanza.tag))) {
        this.emit('dropped', stanza);
        return 'drop';
      }
      if (fault.type === 'delay') delay = Math.max(delay, fault.ms);
    }
    return delay || undefined;
  }

  loginRefused(number: string): boolean {
    return this.current(number).some(({ fault }) => fault.type === 'refuse-login');
  }

  private current(number: string | undefined): ActiveFault[] {
    const now = this.now();
    this.active = this.active.filter((a) => a.until > now);
    return this.active.filter((a) => !a.fault.number || a.fault.number === number);
  }
}
