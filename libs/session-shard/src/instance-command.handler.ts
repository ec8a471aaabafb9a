import {
  DomainError,
  ErrorCode,
  type CommandVerb,
  type InstanceCommands,
  type InstanceStatus,
} from '@zapgate/contracts';
import type { WaSession } from '@zapgate/whatsapp';

type Handlers = {
  [V in keyof InstanceCommands]: (
    session: WaSession,
    request: InstanceCommands[V]['request'],
  ) => Promise<InstanceCommands[V]['reply']>;
};

/** How long `connect` waits for the first QR or pairing code before answering with the status. */
const FIRST_CODE_WAIT_MS = 20_000;

/** Answers once there is something to show: a QR, a code, a connection, or a terminal state. */
function settled(s: WaSession, status: InstanceStatus): Promise<InstanceStatus> {
  if (status.state !== 'connecting') return Promise.resolve(status);
  return s
    .waitForState(
      ['qr', 'pairing-code', 'connected', 'logged-out', 'conflict', 'qr-timeout', 'stopped'],
      FIRST_CODE_WAIT_MS,
    )
    .catch(() => s.status());
}

/** Each canonical instance command, applied to the instance's session. */
const handlers: Handlers = {
  connect: async (s, r) => settled(s, await s.start({ pairingPhone: r.pairingPhone })),
  'get-status': async (s) => s.status(),
  'get-qr': async (s) => ({ qr: s.qr() }),
  'request-pairing-code': async (s, r) => ({ code: await s.requestPairingCode(r.phone) }),
  logout: async (s) => s.logout(),
  restart: async (s) => settled(s, await s.restart()),
  close: async (s) => s.close('closed on request', 'close'),
  'check-numbers': async (s, r) => s.checkNumbers(r.numbers),
  'send-text': async (s, r) => s.sendText(r.to, r.text),
};

export function handleInstanceCommand(verb: string, session: WaSession, request: unknown): Promise<unknown> {
  const handler = (handlers as Record<string, (s: WaSession, r: unknown) => Promise<unknown>>)[verb];
  if (!handler) throw new DomainError(ErrorCode.NotImplemented, `unknown command ${verb}`);
  return handler(session, request);
}

/**
 * Commands that change the connection run one at a time per instance; reads and sends run
 * concurrently (Baileys serialises what it must per chat itself).
 */
export const LIFECYCLE_VERBS: ReadonlySet<string> = new Set<CommandVerb>([
  'connect',
  'logout',
  'restart',
  'close',
  'request-pairing-code',
]);
