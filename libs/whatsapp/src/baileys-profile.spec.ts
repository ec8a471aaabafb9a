import { Readable } from 'node:stream';
import { ErrorCode, type MediaReference } from '@zapgate/contracts';
import sharp from 'sharp';
import { BaileysProfile, businessProfileOf } from './baileys-profile.js';

const ME = '5511999990001:7@s.whatsapp.net';
const G1 = '120363000000000001@g.us';
const media: MediaReference = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  size: 10,
  mime: 'image/png',
  sha256: 'a'.repeat(64),
};
/** What Baileys throws for an iq error: a Boom carrying the code in `data`. */
const iqError = (code: number) => Object.assign(new Error('refused'), { isBoom: true, data: code });

describe(BaileysProfile.name, () => {
  function setup(file: Buffer) {
    const calls = { updateProfilePicture: [] as [string, Buffer][], updateBussinesProfile: [] as unknown[] };
    /** The next answer of each method: a value, or an error to throw once. */
    const next: { remove?: unknown; business?: unknown; update?: unknown } = {};
    const once = async <T>(key: keyof typeof next, fallback: T): Promise<T> => {
      const value = next[key];
      delete next[key];
      if (value instanceof Error) throw value;
      return (value as T) ?? fallback;
    };
    const socket = {
      user: { id: ME, lid: '123456789:7@lid' },
      updateProfilePicture: async (jid: string, img: Buffer) =>
        void calls.updateProfilePicture.push([jid, img]),
      removeProfilePicture: (_jid: string) => once('remove', undefined),
      getBusinessProfile: async (_jid: string): Promise<unknown> => business,
      updateBussinesProfile: async (args: unknown) => {
        calls.updateBussinesProfile.push(args);
        return once('update', undefined);
      },
    };
    let business: unknown;
    const setBusiness = (value: unknown) => (business = value);
    const sut = new BaileysProfile(() => socket as never, { open: async () => Readable.from([file]) });
    return { sut, calls, next, setBusiness };
  }
  const image = () =>
    sharp({ create: { width: 800, height: 600, channels: 3, background: '#f00' } })
      .png()
      .toBuffer();

  it("sets this account's picture (as its normalised jid) or a group's as a 640 px JPEG", async () => {
    const { sut, calls } = setup(await image());
    await sut.setPicture(media);
    await sut.setPicture(media, '123456789@lid');
    await sut.setPicture(media, G1);
    expect(calls.updateProfilePicture.map(([jid]) => jid)).toEqual([
      '5511999990001@s.whatsapp.net',
      '123456789@lid',
      G1,
    ]);
    const jpeg = calls.updateProfilePicture[0]![1];
    expect(await sharp(jpeg).metadata()).toMatchObject({ format: 'jpeg', width: 640, height: 640 });
  });

  it("refuses another user's picture, a file that is no image, and maps WhatsApp's group refusals", async () => {
    const { sut, calls, next } = setup(Buffer.from('plain text'));
    await expect(sut.setPicture(media, '5511999990002@s.whatsapp.net')).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
    await expect(sut.setPicture(media)).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: { reason: 'invalid_image' },
    });
    expect(calls.updateProfilePicture).toEqual([]);

    next.remove = iqError(401);
    await expect(sut.removePicture(G1)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    next.remove = iqError(404);
    await expect(sut.removePicture(G1)).rejects.toMatchObject({ code: ErrorCode.GroupNotFound });
  });

  it('reads business profiles; an edit by a regular account is forbidden, else answers the profile after', async () => {
    const { sut, calls, next, setBusiness } = setup(Buffer.alloc(0));
    expect(await sut.businessProfile('5511999990004@s.whatsapp.net')).toBeUndefined();

    next.update = iqError(403);
    await expect(sut.editBusinessProfile({ description: 'x' })).rejects.toMatchObject({
      code: ErrorCode.Forbidden,
    });

    setBusiness({
      description: 'Cakes',
      email: 'a@b.example',
      website: ['https://a.example'],
      business_hours: {},
    });
    expect(await sut.editBusinessProfile({ email: 'a@b.example', websites: ['https://a.example'] })).toEqual({
      jid: '5511999990001@s.whatsapp.net',
      description: 'Cakes',
      email: 'a@b.example',
      websites: ['https://a.example'],
    });
    expect(calls.updateBussinesProfile.at(-1)).toEqual({
      email: 'a@b.example',
      websites: ['https://a.example'],
    });
  });

  it("maps Baileys' business hours", () => {
    expect(
      businessProfileOf('x@s.whatsapp.net', {
        description: '',
        email: undefined,
        website: [],
        business_hours: {
          timezone: 'UTC',
          business_config: [{ day_of_week: 'mon', mode: 'specific_hours', open_time: 480, close_time: 1080 }],
        },
      }).hours,
    ).toEqual({
      timezone: 'UTC',
      days: [{ day: 'mon', mode: 'specific_hours', openTime: 480, closeTime: 1080 }],
    });
  });
});
