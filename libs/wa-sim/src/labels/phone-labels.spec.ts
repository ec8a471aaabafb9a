import type { ChatModification } from '@whiskeysockets/baileys';
import type { PhoneChat, PhoneLabel } from '../phone/phone-chats.js';
import type { SimulatedPhone } from '../phone/simulated-phone.js';
import { SimError } from '../sim-error.js';
import { labelChatJid, PhoneLabels } from './phone-labels.js';

/** A phone whose client applies its own patches at once (as Baileys' emitOwnEvents does). */
function fakePhone(labels: PhoneLabel[] = []) {
  const chats = new Map<string, string[]>();
  const pushed: [ChatModification, string][] = [];
  const phone = {
    account: { number: '5511999990001', pnJid: '5511999990001@s.whatsapp.net' },
    labels: () => labels.map((l) => ({ ...l })),
    chats: (): PhoneChat[] =>
      [...chats].map(([chat, l]) => ({ chat, archived: false, markedUnread: false, labels: l })),
    appStateChange: async (mod: ChatModification, jid: string) => {
      pushed.push([mod, jid]);
      if ('addLabel' in mod) {
        const { id, name = '', color = 0, deleted = false } = mod.addLabel;
        labels = [...labels.filter((l) => l.id !== id), { id, name, color, deleted }];
      } else if ('addChatLabel' in mod) chats.set(jid, [...(chats.get(jid) ?? []), mod.addChatLabel.labelId]);
      else if ('removeChatLabel' in mod)
        chats.set(
          jid,
          (chats.get(jid) ?? []).filter((l) => l !== mod.removeChatLabel.labelId),
        );
    },
    waitForState: async <T>(check: () => T | undefined) => {
      const found = check();
      if (found === undefined) throw new Error('state never came');
      return found;
    },
  };
  return { phone: phone as unknown as SimulatedPhone, pushed };
}

const simCode = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err instanceof SimError ? err.code : err;
  }
  return 'resolved';
};

describe(PhoneLabels.name, () => {
  it('pushes label_edit and label_jid mutations from the phone and answers what its client shows', async () => {
    const { phone, pushed } = fakePhone([{ id: '2', name: 'Old', color: 0, deleted: true }]);
    const sut = new PhoneLabels(phone, true);
    expect(await sut.create('VIP')).toEqual({ id: '3', name: 'VIP', color: 0, deleted: false });
    expect(await sut.edit('3', { color: 5 })).toMatchObject({ name: 'VIP', color: 5 });
    expect(await sut.assign('3', '5511999990002', true)).toEqual({
      chat: '5511999990002@s.whatsapp.net',
      labels: ['3'],
    });
    expect(await sut.assign('3', '5511999990002@c.us', false)).toMatchObject({ labels: [] });
    expect(await sut.delete('3')).toMatchObject({ deleted: true });
    expect(pushed.map(([mod]) => Object.keys(mod)[0])).toEqual([
      'addLabel',
      'addLabel',
      'addChatLabel',
      'removeChatLabel',
      'addLabel',
    ]);
    expect(sut.list().map((l) => l.id)).toEqual([]);
    expect(sut.list(true).map((l) => l.id)).toEqual(['2', '3']);
  });

  it('a personal account has no labels (not_business); an unknown or deleted label is unknown_label', async () => {
    const { phone, pushed } = fakePhone([{ id: '1', name: 'Gone', color: 0, deleted: true }]);
    expect(await simCode(new PhoneLabels(phone, false).create('VIP'))).toBe('not_business');
    const sut = new PhoneLabels(phone, true);
    expect(await simCode(sut.edit('1', { name: 'Back' }))).toBe('unknown_label');
    expect(await simCode(sut.assign('9', '5511999990002', true))).toBe('unknown_label');
    expect(pushed).toEqual([]);
  });

  it('reads a chat as digits, a user jid or a group jid', () => {
    expect(labelChatJid('+5511999990002')).toBe('5511999990002@s.whatsapp.net');
    expect(labelChatJid('5511999990002@c.us')).toBe('5511999990002@s.whatsapp.net');
    expect(labelChatJid('123456789012345@lid')).toBe('123456789012345@lid');
    expect(labelChatJid('120363000000000001@g.us')).toBe('120363000000000001@g.us');
    expect(() => labelChatJid('status@broadcast')).toThrow(SimError);
  });
});
