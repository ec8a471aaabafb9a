import { BufferJSON } from '@whiskeysockets/baileys';
import { serialise } from './stored-auth-state.js';

/** What the store wrote before Buffers were encoded directly. */
const viaReplacer = (value: unknown) => JSON.stringify(value, BufferJSON.replacer);

describe('serialise', () => {
  const bytes = Buffer.from(JSON.stringify([{ senderKeyId: 1, senderMessageKeys: [{ iteration: 3 }] }]));

  it('writes a Buffer as the same text as BufferJSON, and it revives to the same bytes', () => {
    const text = serialise(bytes);
    expect(text).toBe(viaReplacer(bytes));
    expect(Buffer.from(JSON.parse(text, BufferJSON.reviver) as Buffer).equals(bytes)).toBe(true);
  });

  it('writes only the viewed bytes of a Uint8Array that is a view into a larger buffer', () => {
    const pool = Buffer.concat([Buffer.from('xx'), bytes, Buffer.from('yy')]);
    const view = new Uint8Array(pool.buffer, pool.byteOffset + 2, bytes.length);
    expect(serialise(view)).toBe(viaReplacer(bytes));
    expect(serialise(view)).toBe(viaReplacer(view));
  });

  it('writes other values as BufferJSON does (nested Buffers as base64)', () => {
    const session = { chain: 2, key: Buffer.from([1, 2, 3]), list: [Buffer.from([4])], none: null };
    expect(serialise(session)).toBe(viaReplacer(session));
    expect(serialise('text')).toBe(viaReplacer('text'));
  });
});
