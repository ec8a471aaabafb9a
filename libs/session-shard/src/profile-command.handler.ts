import type { ProfileInstanceCommands } from '@zapgate/contracts';
import type { WhatsAppSession } from '@zapgate/whatsapp';

type ProfileHandlers = {
  [V in keyof ProfileInstanceCommands]: (
    session: WhatsAppSession,
    request: ProfileInstanceCommands[V]['request'],
  ) => Promise<ProfileInstanceCommands[V]['reply']>;
};

/** The account's own jid, as the session knows it (empty before the first login). */
const ownJid = (s: WhatsAppSession): string => s.status().me?.id ?? '';

/** The profile picture and business profile commands, applied to the session (`WhatsAppSession.profile`). */
export const profileHandlers: ProfileHandlers = {
  'set-profile-picture': async (s, r) => {
    await s.profile.setPicture(r.media);
    return { jid: ownJid(s) };
  },
  'remove-profile-picture': async (s) => {
    await s.profile.removePicture();
    return { jid: ownJid(s) };
  },
  'get-business-profile': async (s, r) => {
    const profile = await s.profile.businessProfile(r.jid);
    return { jid: r.jid, business: !!profile, ...(profile ? { profile } : {}) };
  },
  'set-business-profile': (s, r) => s.profile.editBusinessProfile(r.profile),
};
