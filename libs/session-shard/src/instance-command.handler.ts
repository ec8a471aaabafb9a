import {
  DomainError,
  ErrorCode,
  type CommandVerb,
  type InstanceCommands,
  type InstanceStatus,
} from '@zapgate/contracts';
import type { WhatsAppSession } from '@zapgate/whatsapp';
import { chatHandlers } from './chat-command.handler.js';
import { groupHandlers } from './group-command.handler.js';
import { profileHandlers } from './profile-command.handler.js';

type Handlers = {
  [V in CommandVerb]: (
    session: WhatsAppSession,
    request: InstanceCommands[V]['request'],
  ) => Promise<InstanceCommands[V]['reply']>;
};

/** How long `connect` waits for the first QR or pairing code before answering with the status. */
const FIRST_CODE_WAIT_MS = 20_000;

/** Answers once there is something to show: a QR, a code, a connection, or a terminal state. */
function settled(s: WhatsAppSession, status: InstanceStatus): Promise<InstanceStatus> {
  if (status.state !== 'connecting') return Promise.resolve(status);
  return s
    .waitForState(
      ['qr', 'pairing-code', 'connected', 'logged-out', 'conflict', 'qr-timeout', 'stopped'],
      FIRST_CODE_WAIT_MS,
    )
    .catch(() => s.status());
}

/**
 * Where a message goes: a number is checked once, here (the session remembers answers for ten
 * minutes), and sent to the account WhatsApp names for it; groups and LIDs go as they are.
 */
async function recipient(s: WhatsAppSession, to: string): Promise<string> {
  if (!to.endsWith('@s.whatsapp.net')) return to;
  const number = to.split('@')[0]!;
  const [check] = await s.checkNumbers([number]);
  if (!check?.exists || !check.jid)
    throw new DomainError(ErrorCode.NumberNotOnWhatsApp, `the number ${number} is not on WhatsApp`, {
      number,
    });
  return check.jid;
}

/** Each canonical instance command, applied to the instance's session. */
const handlers: Handlers = {
  ...groupHandlers,
  ...chatHandlers,
  ...profileHandlers,
  connect: async (s, r) => settled(s, await s.start({ pairingPhone: r.pairingPhone })),
  'get-status': async (s) => s.status(),
  'get-qr': async (s) => ({ qr: s.qr() }),
  'request-pairing-code': async (s, r) => ({ code: await s.requestPairingCode(r.phone) }),
  logout: async (s) => s.logout(),
  restart: async (s) => settled(s, await s.restart()),
  close: async (s) => s.close('closed on request', 'close'),
  'check-numbers': async (s, r) => s.checkNumbers(r.numbers),
  'send-message': async (s, r) =>
    s.sendMessage({
      to: await recipient(s, r.to),
      content: r.content,
      ...(r.options ? { options: r.options } : {}),
    }),
  'download-media': async (s, r) =>
    s.downloadMedia({
      ...(r.id ? { id: r.id } : {}),
      ...(r.chat ? { chat: r.chat } : {}),
      ...(r.keys ? { keys: r.keys } : {}),
    }),
  'react-message': async (s, r) => s.react({ id: r.id, emoji: r.emoji, ...(r.chat ? { chat: r.chat } : {}) }),
  'edit-message': async (s, r) =>
    s.editMessage({ id: r.id, text: r.text, ...(r.chat ? { chat: r.chat } : {}) }),
  'delete-message': async (s, r) =>
    s.deleteMessage({ id: r.id, forEveryone: r.forEveryone, ...(r.chat ? { chat: r.chat } : {}) }),
  'star-message': async (s, r) =>
    s.starMessage({ id: r.id, star: r.star, ...(r.chat ? { chat: r.chat } : {}) }),
  'forward-message': async (s, r) =>
    s.forwardMessage({ to: await recipient(s, r.to), id: r.id, ...(r.chat ? { chat: r.chat } : {}) }),
  'read-messages': async (s, r) => ({ read: await s.readMessages(r.keys) }),
  'send-presence': async (s, r) => {
    await s.sendPresence(r.state, r.chat);
    return { state: r.state, ...(r.chat ? { chat: r.chat } : {}) };
  },
  'post-status': async (s, r) => s.postStatus({ content: r.content, recipients: r.recipients }),
  'set-disappearing': async (s, r) => {
    const chat = await recipient(s, r.chat);
    await s.setDisappearing(chat, r.seconds);
    return { chat, seconds: r.seconds };
  },
};

/** Runs a validated command on the instance's session. */
export function handleInstanceCommand<V extends CommandVerb>(
  verb: V,
  session: WhatsAppSession,
  request: InstanceCommands[V]['request'],
): Promise<InstanceCommands[V]['reply']> {
  return (handlers[verb] as (s: WhatsAppSession, r: unknown) => Promise<InstanceCommands[V]['reply']>)(
    session,
    request,
  );
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
