import type { MediaReference } from '@zapgate/contracts';
import type { WhatsAppSession } from '@zapgate/whatsapp';
import { groupHandlers } from './group-command.handler.js';
import { profileHandlers } from './profile-command.handler.js';

const ME = '5511999990001@s.whatsapp.net';
const G1 = '120363000000000001@g.us';
const media: MediaReference = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  size: 10,
  mime: 'image/png',
  sha256: 'a'.repeat(64),
};

describe('profile commands', () => {
  const pictures: unknown[][] = [];
  const profile = {
    setPicture: async (...args: unknown[]) => void pictures.push(args),
    removePicture: async () => undefined,
    businessProfile: async (jid: string) =>
      jid === ME ? { jid, description: 'Cakes', websites: [] } : undefined,
    editBusinessProfile: async () => ({ jid: ME, websites: ['https://a.example'] }),
  };
  const session = {
    profile,
    status: () => ({ instance: 'shop', state: 'connected', me: { id: ME } }),
  } as unknown as WhatsAppSession;

  it("applies each to the session's profile port", async () => {
    expect(await profileHandlers['set-profile-picture'](session, { instance: 'shop', media })).toEqual({
      jid: ME,
    });
    expect(pictures.at(-1)).toEqual([media]);
    expect(await profileHandlers['remove-profile-picture'](session, { instance: 'shop' })).toEqual({
      jid: ME,
    });
    expect(await profileHandlers['get-business-profile'](session, { instance: 'shop', jid: ME })).toEqual({
      jid: ME,
      business: true,
      profile: { jid: ME, description: 'Cakes', websites: [] },
    });
    const other = '5511999990002@s.whatsapp.net';
    expect(await profileHandlers['get-business-profile'](session, { instance: 'shop', jid: other })).toEqual({
      jid: other,
      business: false,
    });
    expect(
      await profileHandlers['set-business-profile'](session, {
        instance: 'shop',
        profile: { websites: ['https://a.example'] },
      }),
    ).toEqual({ jid: ME, websites: ['https://a.example'] });
  });

  it("sets a group's picture with the group as the target", async () => {
    expect(await groupHandlers['set-group-picture'](session, { instance: 'shop', group: G1, media })).toEqual(
      {
        group: G1,
      },
    );
    expect(pictures.at(-1)).toEqual([media, G1]);
  });
});
