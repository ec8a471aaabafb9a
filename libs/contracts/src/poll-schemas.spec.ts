import { Ajv } from 'ajv';
import { COMMAND_SCHEMAS } from './command-schemas.js';
import type { MessageContent } from './messages.js';

describe('send-message: poll content', () => {
  const validate = new Ajv({ discriminator: true, allErrors: true }).compile(COMMAND_SCHEMAS['send-message']);
  const send = (content: unknown) => ({ instance: 'shop', to: '5511999990001@s.whatsapp.net', content });
  const poll = (over: Record<string, unknown> = {}) => ({
    kind: 'poll',
    name: 'Which day?',
    options: ['Monday', 'Tuesday'],
    ...over,
  });

  it('takes 2 to 12 distinct options and a selectable count of 0 to 12', () => {
    const ok: MessageContent[] = [
      { kind: 'poll', name: 'Which day?', options: ['Monday', 'Tuesday'] },
      {
        kind: 'poll',
        name: 'Pick any',
        options: Array.from({ length: 12 }, (_, i) => `option ${i}`),
        selectableCount: 0,
      },
      { kind: 'poll', name: 'One', options: ['a', 'b', 'c'], selectableCount: 1 },
    ];
    for (const content of ok) expect(validate(send(content))).toBe(true);
  });

  it('refuses an empty or one-option poll, duplicates, too many options, a bad count, no name', () => {
    for (const content of [
      poll({ options: [] }),
      poll({ options: ['only'] }),
      poll({ options: ['same', 'same'] }),
      poll({ options: Array.from({ length: 13 }, (_, i) => `option ${i}`) }),
      poll({ options: ['a', ''] }),
      poll({ selectableCount: -1 }),
      poll({ selectableCount: 13 }),
      poll({ selectableCount: 1.5 }),
      poll({ name: '' }),
      { kind: 'poll', options: ['a', 'b'] },
      poll({ values: ['a', 'b'] }),
    ])
      expect(validate(send(content))).toBe(false);
  });
});
