import { ErrorCode, type BusinessProfile } from '@zapgate/contracts';
import {
  WPP_GROUP_IMAGE_MANDATORY,
  WPP_PROFILE_FILE_REQUIRED,
  wppBusinessProfile,
  wppBusinessProfileEdit,
  wppGroupImageMandatory,
  wppNumberProfile,
  wppProfileFileRequired,
} from './wpp-profile.dto.js';

const BIA = '5511999990004@s.whatsapp.net';
const invalid = expect.objectContaining({ code: ErrorCode.ValidationFailed });

describe('WPPConnect profile routes', () => {
  it('edit-business-profile reads adress (sic) or address, website or websites, a string or a list', () => {
    expect(
      wppBusinessProfileEdit({ adress: 'Rua A 1', email: 'a@b.example', website: ['https://a.example'] }),
    ).toEqual({ address: 'Rua A 1', email: 'a@b.example', websites: ['https://a.example'] });
    expect(wppBusinessProfileEdit({ address: 'Rua B', websites: 'https://b.example' })).toEqual({
      address: 'Rua B',
      websites: ['https://b.example'],
    });
    expect(wppBusinessProfileEdit({ description: '', website: [] })).toEqual({
      description: '',
      websites: [],
    });
  });

  it('edit-business-profile refuses an edit of nothing, categories alone, and wrong types', () => {
    expect(() => wppBusinessProfileEdit({})).toThrow(invalid);
    expect(() => wppBusinessProfileEdit({ categories: ['Bakery'] })).toThrow(/linked device/);
    expect(() => wppBusinessProfileEdit({ email: 42 })).toThrow(invalid);
    expect(() => wppBusinessProfileEdit({ website: ['a', 'b', 'c'] })).toThrow(/at most 2/);
    expect(() => wppBusinessProfileEdit({ website: [1] })).toThrow(invalid);
    expect(() => wppBusinessProfileEdit({ adress: 'x'.repeat(257) })).toThrow(invalid);
  });

  it('renders a business profile with WA-JS field names', () => {
    const profile: BusinessProfile = {
      jid: BIA,
      description: 'Cakes',
      email: 'bia@cakes.example',
      websites: ['https://cakes.example'],
      category: 'Bakery',
      hours: { timezone: 'America/Sao_Paulo', days: [{ day: 'mon', mode: 'open_24h' }] },
    };
    expect(wppBusinessProfile(profile)).toEqual({
      id: { server: 'c.us', user: '5511999990004', _serialized: '5511999990004@c.us' },
      description: 'Cakes',
      email: 'bia@cakes.example',
      website: ['https://cakes.example'],
      categories: [{ localized_display_name: 'Bakery' }],
      business_hours: { timezone: 'America/Sao_Paulo', config: [{ day_of_week: 'mon', mode: 'open_24h' }] },
    });
  });

  it('profile/:phone: business only when WhatsApp answers a business profile; 404 inside a 200 when unknown', () => {
    const business: BusinessProfile = { jid: BIA, websites: [] };
    expect(wppNumberProfile(BIA, { exists: true, jid: BIA }, business).response).toMatchObject({
      isBusiness: true,
      numberExists: true,
      status: 200,
      businessProfile: { description: '', website: [], categories: [] },
    });
    expect(wppNumberProfile(BIA, { exists: true, jid: BIA }, undefined).response).toMatchObject({
      isBusiness: false,
      status: 200,
    });
    const unknown = wppNumberProfile(BIA, { exists: false }, undefined).response;
    expect(unknown).toMatchObject({
      isBusiness: false,
      numberExists: false,
      canReceiveMessage: false,
      status: 404,
    });
    expect(unknown.businessProfile).toBeUndefined();
  });

  it("carries WPPConnect-server's exact bodies for a missing file or image", () => {
    expect(wppProfileFileRequired()).toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: { wppBody: WPP_PROFILE_FILE_REQUIRED },
    });
    expect(WPP_PROFILE_FILE_REQUIRED).toEqual({ status: 'Error', message: 'File parameter is required!' });
    expect(wppGroupImageMandatory()).toMatchObject({
      code: ErrorCode.Unauthorized,
      details: { wppBody: { message: 'Sending the image is mandatory' } },
    });
    expect(WPP_GROUP_IMAGE_MANDATORY).toEqual({ message: 'Sending the image is mandatory' });
  });
});
