import {
  DomainError,
  ErrorCode,
  type ChatInfo,
  type ContactInfo,
  type EditLabelCommand,
  type LabelChatsCommand,
  type LabelInfo,
  type ListChatsCommand,
  type ModifyChatCommand,
  type PresenceInfo,
  type ProfileStatus,
} from '@zapgate/contracts';

const cannot = (): Promise<never> =>
  Promise.reject(new DomainError(ErrorCode.NotImplemented, 'this session keeps no chats or contacts'));

export type ChatListing = Omit<ListChatsCommand, 'instance'>;
export type ChatModificationRequest = Omit<ModifyChatCommand, 'instance'>;

/**
 * An instance's chats, contacts, blocklist and profile, as the shard sees them: reads come from
 * the chat store the session keeps (also while disconnected), changes go through WhatsApp.
 */
export abstract class WhatsAppChats {
  abstract listChats(query: ChatListing): Promise<ChatInfo[]>;
  /** chat_not_found when the store does not have it. */
  abstract getChat(chat: string): Promise<ChatInfo>;
  abstract modifyChat(request: ChatModificationRequest): Promise<ChatInfo>;
  abstract listContacts(query: { limit?: number; after?: string }): Promise<ContactInfo[]>;
  /** contact_not_found when the store does not have it. */
  abstract getContact(jid: string): Promise<ContactInfo>;
  abstract blocklist(): Promise<string[]>;
  /** Blocks or unblocks a user; resolves with the blocklist after it. */
  abstract block(jid: string, block: boolean): Promise<string[]>;
  abstract profilePicture(jid: string, preview: boolean): Promise<string | undefined>;
  abstract profileStatus(jid: string): Promise<ProfileStatus>;
  abstract setProfileStatus(status: string): Promise<void>;
  abstract setProfileName(name: string): Promise<void>;
  /** Asks WhatsApp for a user's presence updates (not_implemented unless a session overrides it). */
  subscribePresence(jid: string): Promise<void> {
    void jid;
    return cannot();
  }
  /**
   * Rejects a call offered to the account; `from` (the caller) when the session did not see the
   * offer (not_implemented unless a session overrides it).
   */
  rejectCall(callId: string, from?: string): Promise<void> {
    void callId;
    void from;
    return cannot();
  }
  /** The latest presence seen of a user (not_implemented unless a session overrides it). */
  presenceOf(jid: string): Promise<PresenceInfo> {
    void jid;
    return cannot();
  }
  /** The account's labels (WhatsApp Business; not_implemented unless a session overrides it). */
  listLabels(includeDeleted: boolean): Promise<LabelInfo[]> {
    void includeDeleted;
    return cannot();
  }
  /** Creates (no `id`), edits or deletes a label (not_implemented unless a session overrides it). */
  editLabel(request: Omit<EditLabelCommand, 'instance'>): Promise<LabelInfo> {
    void request;
    return cannot();
  }
  /** Labels or unlabels chats (not_implemented unless a session overrides it). */
  labelChats(
    request: Omit<LabelChatsCommand, 'instance'>,
  ): Promise<{ chats: { chat: string; labels: string[] }[] }> {
    void request;
    return cannot();
  }
}

/** A session without chats (fakes, sessions built without a chat store): not_implemented. */
export class NoChats extends WhatsAppChats {
  listChats(query: ChatListing): Promise<ChatInfo[]> {
    void query;
    return cannot();
  }
  getChat(chat: string): Promise<ChatInfo> {
    void chat;
    return cannot();
  }
  modifyChat(request: ChatModificationRequest): Promise<ChatInfo> {
    void request;
    return cannot();
  }
  listContacts(query: { limit?: number; after?: string }): Promise<ContactInfo[]> {
    void query;
    return cannot();
  }
  getContact(jid: string): Promise<ContactInfo> {
    void jid;
    return cannot();
  }
  blocklist(): Promise<string[]> {
    return cannot();
  }
  block(jid: string, block: boolean): Promise<string[]> {
    void jid;
    void block;
    return cannot();
  }
  profilePicture(jid: string, preview: boolean): Promise<string | undefined> {
    void jid;
    void preview;
    return cannot();
  }
  profileStatus(jid: string): Promise<ProfileStatus> {
    void jid;
    return cannot();
  }
  setProfileStatus(status: string): Promise<void> {
    void status;
    return cannot();
  }
  setProfileName(name: string): Promise<void> {
    void name;
    return cannot();
  }
}
