import {
  getBinaryNodeChild,
  getBinaryNodeChildren,
  S_WHATSAPP_NET,
  type BinaryNode,
} from '@whiskeysockets/baileys';

export { getBinaryNodeChild as child, getBinaryNodeChildren as children };

export const unixNow = (): string => Math.floor(Date.now() / 1000).toString();

export function node(
  tag: string,
  attrs: Record<string, string | undefined> = {},
  content?: BinaryNode['content'],
): BinaryNode {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) clean[k] = v;
  return content === undefined ? { tag, attrs: clean } : { tag, attrs: clean, content };
}

export function iqResult(request: BinaryNode, content?: BinaryNode[]): BinaryNode {
  return node(
    'iq',
    { from: request.attrs['to'] ?? S_WHATSAPP_NET, type: 'result', id: request.attrs['id'] },
    content,
  );
}

export function firstChild(n: BinaryNode): BinaryNode | undefined {
  return Array.isArray(n.content) ? n.content[0] : undefined;
}

export function bytes(n: BinaryNode | undefined): Buffer | undefined {
  const c = n?.content;
  if (c instanceof Uint8Array) return Buffer.from(c);
  if (typeof c === 'string') return Buffer.from(c, 'utf8');
  return undefined;
}

export const bigEndian = (value: number, length: number): Buffer => {
  const b = Buffer.alloc(length);
  b.writeUIntBE(value, 0, length);
  return b;
};

/** The message ids a device's `<receipt>` (its `id` and any `<list><item id/>`) or `<ack>` answers. */
export function answeredIds(stanza: BinaryNode): string[] {
  const ids = stanza.attrs['id'] ? [stanza.attrs['id']] : [];
  if (Array.isArray(stanza.content))
    for (const child of stanza.content)
      if (child.tag === 'list' && Array.isArray(child.content))
        for (const item of child.content)
          if (item.tag === 'item' && item.attrs['id']) ids.push(item.attrs['id']);
  return ids;
}
