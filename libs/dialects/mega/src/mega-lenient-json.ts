/**
 * The official mega-API PHP class builds bodies by string interpolation, so a `false` it is
 * given becomes nothing: `"webhookEnabled": }` or `"webhookEnabled": ,` (mega-api.md, 1.4).
 * This fills exactly that hole, a key whose value is missing before `,` or `}`, with `false`;
 * nothing else of the text changes (it is not a general JSON repair). Undefined when there was
 * no such hole.
 */
export function fillMissingMegaValues(text: string): string | undefined {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === ':') {
      let next = i + 1;
      while (next < text.length && ' \t\r\n'.includes(text[next]!)) next++;
      if (text[next] === ',' || text[next] === '}') {
        out += `${text.slice(from, i + 1)} false`;
        from = i + 1;
      }
    }
  }
  return from === 0 ? undefined : out + text.slice(from);
}
