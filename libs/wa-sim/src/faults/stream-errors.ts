import type { BinaryNode } from '@whiskeysockets/baileys';
import { node } from '../stanza/nodes.js';

/** The stream error WhatsApp sends for a status code, shaped so Baileys maps it back to that code. */
export function streamErrorFor(code: number): BinaryNode {
  switch (code) {
    case 401:
      // the device was unlinked (logged out)
      return node('stream:error', { code: '401' }, [node('conflict', { type: 'device_removed' })]);
    case 440:
      // another socket logged in as this device
      return node('stream:error', {}, [node('conflict', { type: 'replaced' })]);
    default:
      return node('stream:error', { code: String(code) });
  }
}
