import type { BinaryNode } from '@whiskeysockets/baileys';
import type { ClientConnection } from '../transport/client-connection.js';
import { ConnectionRegistry } from '../transport/connection-registry.js';
import { node } from '../stanza/nodes.js';
import { Mailboxes } from './mailbox.js';

describe(Mailboxes.name, () => {
  const N = '5511950001001';
  const live = () => {
    const sent: BinaryNode[] = [];
    const registry = new ConnectionRegistry();
    const connection = { isOpen: true, send: async (n: BinaryNode) => void sent.push(n) };
    registry.bind(N, 1, connection as unknown as ClientConnection);
    return { sut: new Mailboxes(registry), sent, connection };
  };
  const msg = (id: string) => node('message', { id, from: 'x@s.whatsapp.net', t: '1' });

  it('keeps a live message until the device answers it, and delivers it again (offline) at login', async () => {
    const { sut, sent } = live();
    expect(await sut.deliver(N, 1, msg('A'))).toBe('sent');
    expect(await sut.deliver(N, 1, msg('B'))).toBe('sent');
    expect(await sut.deliver(N, 1, node('receipt', { id: 'R' }))).toBe('sent'); // not a message: not kept
    expect(sent).toHaveLength(3);
    expect(sut.pending(N, 1)).toBe(2);
    sut.settle(N, 1, ['A']);
    expect(sut.pending(N, 1)).toBe(1);
    const again = sut.drain(N, 1);
    expect(again.map((s) => [s.attrs['id'], s.attrs['offline']])).toEqual([['B', '1']]);
    expect(sut.pending(N, 1)).toBe(0);
  });

  it('at login, the unanswered messages come before the offline queue; both are kept until answered', async () => {
    const { sut, connection } = live();
    await sut.deliver(N, 1, msg('A'));
    connection.isOpen = false;
    expect(await sut.deliver(N, 1, msg('Q'))).toBe('queued');
    const batch = sut.drain(N, 1);
    expect(batch.map((s) => s.attrs['id'])).toEqual(['A', 'Q']);
    sut.awaitAnswers(N, 1, batch);
    expect(sut.pending(N, 1)).toBe(2);
    sut.settle(N, 1, ['A', 'Q']);
    expect(sut.drain(N, 1)).toEqual([]);
  });

  it('saves unanswered messages with the offline queues', async () => {
    const { sut } = live();
    await sut.deliver(N, 1, msg('A'));
    const saved = sut.entries();
    expect(saved.map(([k, q]) => [k, q.map((s) => s.attrs['id'])])).toEqual([[`${N}:1`, ['A']]]);
    const restored = new Mailboxes(new ConnectionRegistry());
    restored.restore(saved);
    expect(restored.drain(N, 1).map((s) => [s.attrs['id'], s.attrs['offline']])).toEqual([['A', '1']]);
  });
});
