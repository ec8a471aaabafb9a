import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { EVENT_SCHEMAS } from './event-schemas.js';
import { EVENT_NAMES, type EventName } from './subjects.js';

const DOC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/events.md');

/** `docs/events.md`: per `## \`event\`` section, the first JSON block is the schema, the rest examples. */
function documented(): Map<string, { schema: unknown; examples: unknown[] }> {
  const sections = readFileSync(DOC, 'utf8').split(/^## `([a-z-]+)`$/m);
  const out = new Map<string, { schema: unknown; examples: unknown[] }>();
  for (let i = 1; i < sections.length; i += 2) {
    const blocks = [...sections[i + 1]!.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1]!));
    out.set(sections[i]!, { schema: blocks[0], examples: blocks.slice(1) });
  }
  return out;
}

describe('EVENT_SCHEMAS', () => {
  const ajv = new Ajv({ strict: true, allErrors: true });
  const validators = Object.fromEntries(
    EVENT_NAMES.map((name) => [name, ajv.compile(EVENT_SCHEMAS[name])]),
  ) as Record<EventName, ValidateFunction>;
  const envelope = (event: EventName, data: unknown) => ({
    id: '4f2352b6-9417-4b6c-a1d6-c408dc21e61c',
    instance: 'shop',
    event,
    at: '2026-11-23T03:16:23.626Z',
    data,
  });

  it('has one draft-07 schema per event, which compiles in strict mode', () => {
    expect(Object.keys(EVENT_SCHEMAS).sort()).toEqual([...EVENT_NAMES].sort());
    for (const name of EVENT_NAMES)
      expect(EVENT_SCHEMAS[name]).toMatchObject({ $schema: 'http://json-schema.org/draft-07/schema#' });
  });

  it('documents every event in docs/events.md with exactly this schema and valid examples', () => {
    const docs = documented();
    expect([...docs.keys()]).toEqual([...EVENT_NAMES]);
    for (const name of EVENT_NAMES) {
      const { schema, examples } = docs.get(name)!;
      expect(schema).toEqual(EVENT_SCHEMAS[name]);
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        const ok = validators[name](example);
        if (!ok) throw new Error(`${name} example: ${ajv.errorsText(validators[name].errors)}`);
      }
    }
  });

  it('rejects envelopes that break the contract', () => {
    const bad: [EventName, unknown][] = [
      ['connection-changed', { state: 'online' }],
      ['connection-changed', { state: 'stopped', command: 'delete' }],
      ['qr-updated', {}],
      ['pairing-code-issued', { code: '12345678', phone: '5511' }],
      ['message-received', { id: 'x', chat: '5511@s.whatsapp.net', sender: '5511@s.whatsapp.net' }],
      [
        'message-reacted',
        {
          id: 'x',
          chat: '5511@s.whatsapp.net',
          sender: '5511@s.whatsapp.net',
          fromMe: false,
          timestamp: 1,
          reaction: '👍',
          raw: { key: { remoteJid: '5511@s.whatsapp.net', id: 'x' } },
        },
      ],
      ['message-status-changed', { id: 'x', chat: '5511@s.whatsapp.net', fromMe: true, status: 'seen' }],
      ['presence-updated', { chat: '5511@s.whatsapp.net', participant: '5511', presence: 'composing' }],
      ['presence-updated', { chat: '5511@s.whatsapp.net', participant: '5511@lid', presence: 'typing' }],
    ];
    for (const [event, data] of bad) expect(validators[event](envelope(event, data))).toBe(false);
    // the envelope itself: a wrong event name, a missing id, an extra field
    const good = envelope('qr-updated', { qr: '2@abc' });
    expect(validators['qr-updated'](good)).toBe(true);
    expect(validators['qr-updated']({ ...good, event: 'qr-changed' })).toBe(false);
    expect(validators['qr-updated']({ ...good, id: undefined })).toBe(false);
    expect(validators['qr-updated']({ ...good, token: 'x' })).toBe(false);
    expect(validators['qr-updated']({ ...good, at: 'yesterday' })).toBe(false);
  });
});
