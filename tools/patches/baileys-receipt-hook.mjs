#!/usr/bin/env node
// zapgate's one patch of Baileys (7.0.0-rc14): a `beforeMessageReceipt` hook on the socket config
// that Baileys awaits after decrypting an incoming message and BEFORE it writes the delivery
// receipt, so the receipt goes out only once zapgate has stored the message's event (a shard
// killed in between leaves the message unreceipted, and WhatsApp delivers it again on the next
// login). When the hook throws, neither a receipt nor an ack is sent and the message is not
// upserted: WhatsApp keeps it for the device. See docs/architecture.md, "Inbound messages".
//
// Applied by `npm ci`/`npm install` (the root `postinstall` script) and by docker/build-app.sh
// after its `npm ci --ignore-scripts`. Idempotent: an already patched file is left alone. Fails
// (exit 1) when Baileys is not the version the patch was written for or the code it anchors on
// moved: update the patch with Baileys (tools/patches/baileys-receipt-hook.spec.ts checks it).
//   node tools/patches/baileys-receipt-hook.mjs [--check] [ROOT]   (ROOT: where node_modules is)
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BAILEYS_VERSION = '7.0.0-rc14';
export const MARKER = 'zapgate patch: beforeMessageReceipt';

/** Each file's edits: the exact text found once in the pristine file, and what replaces it. */
export const EDITS = {
  'lib/Socket/messages-recv.js': [
    {
      // a redelivered message whose Signal state the first delivery already committed (the process
      // died before its receipt) cannot be decrypted again: ask the sender to send it again (retry
      // receipt) instead of dropping it with a 487 nack
      find: `                    if (msg?.messageStubParameters?.[0] === MISSING_KEYS_ERROR_TEXT) {
`,
      replace: `                    if (msg?.messageStubParameters?.[0] === MISSING_KEYS_ERROR_TEXT &&
                        !(config.beforeMessageReceipt && node.attrs.offline)) { // ${MARKER}: retried below instead
`,
    },
    {
      find: `                        acked = true;
                        await sendReceipt(msg.key.remoteJid, participant, [msg.key.id], type);
`,
      replace: `                        // ${MARKER}: the receipt waits for the consumer to keep the message;
                        // when it cannot, nothing is sent and WhatsApp delivers the message again
                        if (config.beforeMessageReceipt) {
                            try {
                                await config.beforeMessageReceipt(msg, node.attrs.offline ? 'append' : 'notify');
                            }
                            catch (err) {
                                acked = true;
                                logger.warn({ err, key: msg.key }, 'message not receipted: it is delivered again on the next login');
                                return;
                            }
                        }
                        acked = true;
                        await sendReceipt(msg.key.remoteJid, participant, [msg.key.id], type);
`,
    },
  ],
  'lib/Types/Socket.d.ts': [
    {
      find: `    getMessage: (key: WAMessageKey) => Promise<proto.IMessage | undefined>;
`,
      replace: `    getMessage: (key: WAMessageKey) => Promise<proto.IMessage | undefined>;
    /**
     * ${MARKER}. Awaited after an incoming message is decrypted and before its delivery
     * receipt is sent. The message is not cleaned yet (cleanMessage runs after): do not mutate it.
     * Throw to send no receipt (WhatsApp delivers the message again on the next login).
     */
    beforeMessageReceipt?: (message: import('./Message.js').WAMessage, type: import('./Message.js').MessageUpsertType) => Promise<void>;
`,
    },
  ],
};

/** The patched text of one file; throws when an anchor is missing or not unique. */
export function patchText(file, text) {
  if (text.includes(MARKER)) return text;
  let out = text;
  for (const { find, replace } of EDITS[file]) {
    const at = out.indexOf(find);
    if (at === -1 || out.indexOf(find, at + 1) !== -1)
      throw new Error(`${file}: the code the patch anchors on is ${at === -1 ? 'missing' : 'not unique'}`);
    out = out.slice(0, at) + replace + out.slice(at + find.length);
  }
  return out;
}

/** Patches Baileys under ROOT/node_modules; with `check`, only verifies it is patched. */
export function applyPatch(root, { check = false } = {}) {
  const dir = join(root, 'node_modules', '@whiskeysockets', 'baileys');
  const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  if (version !== BAILEYS_VERSION)
    throw new Error(`Baileys ${version} installed; the receipt patch is for ${BAILEYS_VERSION}: update it`);
  const changed = [];
  for (const file of Object.keys(EDITS)) {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    const patched = patchText(file, text);
    if (patched === text) continue;
    if (check) throw new Error(`${file} is not patched (run node tools/patches/baileys-receipt-hook.mjs)`);
    writeFileSync(path, patched);
    changed.push(file);
  }
  return changed;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const root = resolve(args.find((a) => a !== '--check') ?? process.cwd());
  try {
    const changed = applyPatch(root, { check });
    console.log(
      check
        ? 'Baileys receipt patch: applied'
        : changed.length
          ? `Baileys receipt patch applied to ${changed.join(', ')}`
          : 'Baileys receipt patch: already applied',
    );
  } catch (err) {
    console.error(`Baileys receipt patch failed: ${err.message}`);
    process.exit(1);
  }
}
