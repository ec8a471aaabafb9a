import type { ChatInstanceCommands, LabelInstanceCommands } from '@zapgate/contracts';
import type { WhatsAppSession } from '@zapgate/whatsapp';

type ChatCommands = ChatInstanceCommands & LabelInstanceCommands;
type ChatHandlers = {
  [V in keyof ChatCommands]: (
    session: WhatsAppSession,
    request: ChatCommands[V]['request'],
  ) => Promise<ChatCommands[V]['reply']>;
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
  // labels (WhatsApp Business): the session's label store and app-state patches
  'list-labels': (s, r) => s.chats.listLabels(r.includeDeleted ?? false),
  'edit-label': (s, r) => {
    const request: Omit<typeof r, 'instance'> & { instance?: string } = { ...r };
    delete request.instance;
    return s.chats.editLabel(request);
  },
  'label-chats': (s, r) => s.chats.labelChats({ chats: r.chats, changes: r.changes }),
};
