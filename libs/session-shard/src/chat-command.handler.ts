import type { ChatInstanceCommands } from '@zapgate/contracts';
import type { WhatsAppSession } from '@zapgate/whatsapp';

type ChatHandlers = {
  [V in keyof ChatInstanceCommands]: (
    session: WhatsAppSession,
    request: ChatInstanceCommands[V]['request'],
  ) => Promise<ChatInstanceCommands[V]['reply']>;
};

/**
 * The chat, contact, blocklist and profile commands, applied to the instance's session
 * (`WhatsAppSession.chats`): reads come from the session's chat store, changes go through WhatsApp.
 */
export const chatHandlers: ChatHandlers = {
  'list-chats': (s, r) => {
    const query: Omit<typeof r, 'instance'> & { instance?: string } = { ...r };
    delete query.instance;
    return s.chats.listChats(query);
  },
  'get-chat': (s, r) => s.chats.getChat(r.chat),
  'modify-chat': (s, r) =>
    s.chats.modifyChat({
      chat: r.chat,
      action: r.action,
      ...(r.muteUntil !== undefined ? { muteUntil: r.muteUntil } : {}),
    }),
  'list-contacts': (s, r) =>
    s.chats.listContacts({
      ...(r.limit !== undefined ? { limit: r.limit } : {}),
      ...(r.after !== undefined ? { after: r.after } : {}),
    }),
  'get-contact': (s, r) => s.chats.getContact(r.contact),
  'get-blocklist': async (s) => ({ jids: await s.chats.blocklist() }),
  'block-contact': async (s, r) => ({ jids: await s.chats.block(r.contact, r.block) }),
  'get-profile-picture': async (s, r) => {
    const url = await s.chats.profilePicture(r.jid, r.preview ?? false);
    return { jid: r.jid, ...(url ? { url } : {}) };
  },
  'get-profile-status': (s, r) => s.chats.profileStatus(r.jid),
  'set-profile-status': async (s, r) => {
    await s.chats.setProfileStatus(r.status);
    return { status: r.status };
  },
  'set-profile-name': async (s, r) => {
    await s.chats.setProfileName(r.name);
    return { name: r.name };
  },
  'subscribe-presence': async (s, r) => {
    await s.chats.subscribePresence(r.chat);
    return { chat: r.chat };
  },
  'get-presence': (s, r) => s.chats.presenceOf(r.chat),
  'reject-call': async (s, r) => {
    await s.chats.rejectCall(r.callId, r.from);
    return { callId: r.callId };
  },
};
