import { fileTypeFromBuffer, supportedMimeTypes } from 'file-type';
import { MediaError, MediaErrorReason } from './media.exception.js';

/** What a file is sent as; each kind has its own size limit and accepted MIME types. */
export const MEDIA_KINDS = ['image', 'video', 'audio', 'sticker', 'document'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/**
 * MIME types (essence, no parameters) WhatsApp clients play for each kind; `undefined`: anything
 * (a document is any file). Others are refused rather than sent as something phones cannot show.
 */
export const ACCEPTED_MIME: Record<MediaKind, ReadonlySet<string> | undefined> = {
  image: new Set(['image/jpeg', 'image/png', 'image/webp']),
  sticker: new Set(['image/webp']),
  audio: new Set(['audio/ogg', 'audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/amr']),
  video: new Set(['video/mp4', 'video/3gpp']),
  document: undefined,
};

/** Types that say nothing about the content: the bytes decide. */
const GENERIC = new Set([
  'application/octet-stream',
  'binary/octet-stream',
  'application/binary',
  'application/unknown',
  'application/x-download',
  'application/force-download',
]);

/** What the bytes of many formats look like from the start: the caller's more precise type stays. */
const CONTAINERS = new Set(['application/zip', 'application/x-cfb']);

/** Other spellings of one type, as callers and servers write them. */
const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/x-mp3': 'audio/mpeg',
  'audio/mpeg3': 'audio/mpeg',
  'audio/x-mpeg': 'audio/mpeg',
  'audio/m4a': 'audio/mp4',
  'audio/x-m4a': 'audio/mp4',
  'audio/opus': 'audio/ogg',
  'audio/x-aac': 'audio/aac',
  'audio/aacp': 'audio/aac',
  'audio/3gpp': 'video/3gpp',
  'video/x-m4v': 'video/mp4',
};

/** `Image/JPG; charset=x` -> `image/jpeg; charset=x`: lower case, aliases resolved, spaces trimmed. */
export function normalizeMime(mime: string | undefined): string | undefined {
  if (!mime) return undefined;
  const [head, ...params] = mime.split(';').map((p) => p.trim());
  const essence = head!.toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(essence)) return undefined;
  return [ALIASES[essence] ?? essence, ...params.filter(Boolean)].join('; ');
}

/** The `type/subtype` part of a MIME type, aliases resolved. */
export const mimeEssence = (mime: string): string => normalizeMime(mime)?.split(';')[0] ?? mime;

/** How many leading bytes are sniffed (file-type needs 4,100 for most; zip-based formats more). */
export const SNIFF_BYTES = 64 * 1024;

/** The MIME type the bytes show (file-type reads magic numbers), or undefined (text, unknown). */
export async function sniffMime(head: Uint8Array): Promise<string | undefined> {
  return (await fileTypeFromBuffer(head))?.mime;
}

export interface MimeDecision {
  /** What the file is sent as. */
  mime: string;
  /** What the caller (or the URL's Content-Type, or the data URI) said, normalised. */
  declared?: string;
  /** What the bytes showed. */
  sniffed?: string;
}

/**
 * Chooses the MIME type to send a file as, then checks it against its kind.
 *
 * Declared vs sniffed:
 * 1. Nothing declared, or something generic (application/octet-stream): the sniffed type, or for a
 *    document with bytes file-type cannot name (text, CSV, JSON...) application/octet-stream.
 * 2. Declared and sniffed name the same type (aliases resolved: image/jpg is image/jpeg, audio/opus
 *    is audio/ogg): the declared one, with its parameters (`audio/ogg; codecs=opus` is what makes
 *    a voice note), so a caller who is right keeps what they wrote.
 * 3. They differ: the bytes win. A PNG declared image/jpeg goes out as image/png (phones decode by
 *    type), an executable declared application/pdf as what it is. Except for a document whose
 *    bytes only show a container (zip, OLE compound file) while the caller names a format inside
 *    one (a .docx, .xlsx, .epub or old .doc whose telling entry lies past the sniffed bytes): the
 *    declared type is kept.
 * 4. Declared, nothing sniffed: for a document, the declared type (text formats, and formats
 *    file-type does not know, are common documents). For the other kinds, when the declared type is
 *    one file-type recognises (every image, audio and video type WhatsApp plays is), the bytes are
 *    not what the caller says and the file is refused as unsupported.
 * Then the essence must be on the kind's list (ACCEPTED_MIME), or MediaError UnsupportedType.
 */
export function decideMime(
  kind: MediaKind,
  declaredRaw: string | undefined,
  sniffed: string | undefined,
): MimeDecision {
  const declared = normalizeMime(declaredRaw);
  const known = declared && !GENERIC.has(mimeEssence(declared)) ? declared : undefined;
  let mime: string;
  if (!known) {
    if (sniffed) mime = normalizeMime(sniffed)!;
    else if (kind === 'document') mime = 'application/octet-stream';
    else
      throw new MediaError(
        MediaErrorReason.UnsupportedType,
        `the ${kind} is not a file type WhatsApp can send as ${article(kind)} ${kind}` +
          ` (its bytes match no known format)`,
        { kind },
      );
  } else if (sniffed) {
    const same = mimeEssence(known) === mimeEssence(sniffed);
    const container = kind === 'document' && CONTAINERS.has(mimeEssence(sniffed));
    mime = same || container ? known : normalizeMime(sniffed)!;
  } else if (kind !== 'document' && recognisable(known)) {
    throw new MediaError(
      MediaErrorReason.UnsupportedType,
      `the ${kind}'s bytes are not ${mimeEssence(known)} as declared`,
      { kind, declared: mimeEssence(known) },
    );
  } else {
    mime = known;
  }
  const accepted = ACCEPTED_MIME[kind];
  if (accepted && !accepted.has(mimeEssence(mime)))
    throw new MediaError(
      MediaErrorReason.UnsupportedType,
      `${mimeEssence(mime)} cannot be sent as ${article(kind)} ${kind}; accepted: ${[...accepted].join(', ')}`,
      { kind, mime: mimeEssence(mime) },
    );
  return { mime, ...(declared ? { declared } : {}), ...(sniffed ? { sniffed } : {}) };
}

/** Whether file-type would have named this type from the bytes (so not naming it means "it is not"). */
function recognisable(mime: string): boolean {
  const essence = mimeEssence(mime);
  for (const m of supportedMimeTypes) if (mimeEssence(m) === essence) return true;
  return false;
}

const article = (kind: MediaKind) => (kind === 'image' || kind === 'audio' ? 'an' : 'a');
