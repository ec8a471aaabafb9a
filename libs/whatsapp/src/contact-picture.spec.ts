import { isPictureOnly, pictureUpdateOf } from './contact-picture.js';

describe('contact picture updates', () => {
  it("turns Baileys' picture notifications of users into contact-updated", () => {
    expect(pictureUpdateOf({ id: '5511999990002@s.whatsapp.net', imgUrl: 'changed' })).toEqual({
      contact: '5511999990002@s.whatsapp.net',
      picture: 'changed',
    });
    expect(pictureUpdateOf({ id: '123456789@lid', imgUrl: 'removed' })).toEqual({
      contact: '123456789@lid',
      picture: 'removed',
    });
  });

  it('ignores groups, other updates and URLs', () => {
    expect(pictureUpdateOf({ id: '120363000000000001@g.us', imgUrl: 'changed' })).toBeUndefined();
    expect(pictureUpdateOf({ id: '5511999990002@s.whatsapp.net', notify: 'Ana' })).toBeUndefined();
    expect(pictureUpdateOf({ id: '5511999990002@s.whatsapp.net', imgUrl: 'https://x' })).toBeUndefined();
    expect(isPictureOnly({ id: 'a', imgUrl: 'changed' })).toBe(true);
    expect(isPictureOnly({ id: 'a', imgUrl: 'changed', notify: 'Ana' })).toBe(false);
  });
});
