import { Readable } from 'node:stream';
import { MediaError, MediaErrorReason } from './media.exception.js';

/** What the caller says about a file, all optional (the bytes are sniffed anyway). */
export interface MediaHints {
  /** The caller's MIME type (the data URI's wins over it when both are given). */
  mime?: string;
  fileName?: string;
}

/** A caller's file, before intake: where its bytes come from. */
export type MediaSource =
  /** Fetched by zapgate under the URL policy. */
  | ({ type: 'url'; url: string } & MediaHints)
  /** Base64 (bare or from a data URI), checked but not decoded yet; `size`: the decoded length. */
  | ({ type: 'base64'; base64: string; size: number } & MediaHints)
  /** An upload (multipart `file`) or any other stream; `size` when known up front. */
  | ({ type: 'stream'; stream: Readable; size?: number } & MediaHints);

const invalid = (message: string) => new MediaError(MediaErrorReason.InvalidData, message);

/** An http(s) URL to fetch. Only the syntax is checked here; the URL policy is the fetcher's. */
export function mediaFromUrl(url: string, hints: MediaHints = {}): MediaSource {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw invalid('the media URL is not a valid absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new MediaError(MediaErrorReason.UrlRefused, 'the media URL must be http or https');
  return { type: 'url', url: parsed.href, ...hints };
}

// base64 in either alphabet (standard or URL-safe, never both), padded or not
const BASE64 = /^(?:[A-Za-z0-9+/]*|[A-Za-z0-9_-]*)(?:={0,2})$/;
const WHITESPACE = /\s/;

/**
 * Base64 text, bare or as a data URI (`data:<mime>;base64,<data>`). Line breaks and spaces (MIME
 * base64) are allowed; anything else that is not base64 is a MediaError InvalidData, since
 * Node's decoder would silently skip it and send a corrupt file. The data URI's MIME type, when
 * it has one, is the declared one.
 */
export function mediaFromBase64(text: string, hints: MediaHints = {}): MediaSource {
  let data = text;
  let mime = hints.mime;
  if (/^\s*data:/i.test(text)) {
    const comma = text.indexOf(',');
    if (comma < 0) throw invalid('the data URI has no comma before its data (data:<mime>;base64,<data>)');
    const params = text
      .slice(text.indexOf(':') + 1, comma)
      .split(';')
      .map((p) => p.trim());
    if (params.at(-1)?.toLowerCase() !== 'base64')
      throw invalid('the data URI must be base64-encoded (data:<mime>;base64,<data>)');
    const type = params.slice(0, -1).join('; ');
    if (type) {
      if (!/^[\w.+-]+\/[\w.+-]+/.test(type)) throw invalid(`the data URI's MIME type "${type}" is not one`);
      mime = type;
    }
    data = text.slice(comma + 1);
  }
  if (WHITESPACE.test(data)) data = data.replace(/\s+/g, '');
  if (!data) throw invalid('the media data is empty');
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  if (!BASE64.test(data) || (padding ? data.length % 4 !== 0 : data.length % 4 === 1))
    throw invalid('the media data is not valid base64');
  const size = Math.floor((data.length * 3) / 4) - padding;
  return { type: 'base64', base64: data, size, ...hints, ...(mime ? { mime } : {}) };
}

/** An upload or other stream of the file's bytes. */
export function mediaFromStream(stream: Readable, hints: MediaHints & { size?: number } = {}): MediaSource {
  return { type: 'stream', stream, ...hints };
}

/**
 * One field that may hold any of them (WPPConnect's `path`/`base64`, mega's `url`): a stream as
 * is; `data:` a data URI; `http(s)://` a URL; another `scheme://` refused; anything else base64.
 */
export function parseMediaSource(input: string | Readable, hints: MediaHints = {}): MediaSource {
  if (input instanceof Readable) return mediaFromStream(input, hints);
  if (typeof input !== 'string') throw invalid('the media must be a URL, base64 or a data URI');
  const text = input.trimStart();
  if (/^data:/i.test(text)) return mediaFromBase64(text, hints);
  if (/^https?:\/\//i.test(text)) return mediaFromUrl(text, hints);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text))
    throw new MediaError(MediaErrorReason.UrlRefused, 'the media URL must be http or https');
  return mediaFromBase64(text, hints);
}
