import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyPatch, BAILEYS_VERSION, EDITS, MARKER, patchText } from './baileys-receipt-hook.mjs';

// zapgate's patch of Baileys (the delivery receipt waits for `beforeMessageReceipt`): installed,
// and still applying to the pristine files of the Baileys version in the lockfile.
const root = resolve(import.meta.dirname, '../..');
const baileys = join(root, 'node_modules', '@whiskeysockets', 'baileys');
const installed = (file: string) => readFileSync(join(baileys, file), 'utf8');
/** The pristine file: every replacement turned back into the text it replaced. */
const pristine = (file: string) =>
  EDITS[file]!.reduce((text, { find, replace }) => text.split(replace).join(find), installed(file));

describe('Baileys receipt patch', () => {
  it('targets the Baileys version the lockfile installs', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/@whiskeysockets/baileys'].version).toBe(BAILEYS_VERSION);
    expect(JSON.parse(installed('package.json')).version).toBe(BAILEYS_VERSION);
  });

  it('is applied to the installed Baileys (postinstall)', () => {
    expect(() => applyPatch(root, { check: true })).not.toThrow();
    expect(installed('lib/Socket/messages-recv.js')).toContain('await config.beforeMessageReceipt(msg');
    expect(installed('lib/Types/Socket.d.ts')).toContain('beforeMessageReceipt?:');
  });

  it.each(Object.keys(EDITS))('applies to the pristine %s, before the receipt', (file) => {
    const original = pristine(file);
    expect(original).not.toContain(MARKER);
    const patched = patchText(file, original);
    expect(patched).toBe(installed(file));
    expect(patchText(file, patched)).toBe(patched); // idempotent
    if (file.endsWith('messages-recv.js')) {
      const hook = patched.indexOf('await config.beforeMessageReceipt(msg');
      const receipt = patched.indexOf(
        'await sendReceipt(msg.key.remoteJid, participant, [msg.key.id], type)',
      );
      const upsert = patched.indexOf("await upsertMessage(msg, node.attrs.offline ? 'append' : 'notify')");
      expect(hook).toBeGreaterThan(patched.indexOf('await decrypt()'));
      expect(hook).toBeLessThan(receipt);
      expect(receipt).toBeLessThan(upsert);
    }
  });

  it('fails loudly when the code it anchors on moved', () => {
    const file = 'lib/Socket/messages-recv.js';
    const moved = pristine(file).replace(
      'await sendReceipt(msg.key.remoteJid, participant',
      'await sendReceipt(jid, participant',
    );
    expect(() => patchText(file, moved)).toThrow(/missing/);
  });

  it('runs as a script (what postinstall and docker/build-app.sh call)', () => {
    const out = execFileSync(
      process.execPath,
      [join(import.meta.dirname, 'baileys-receipt-hook.mjs'), '--check', root],
      {
        encoding: 'utf8',
      },
    );
    expect(out).toContain('applied');
  });
});
