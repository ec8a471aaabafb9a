import type { LinkPreview } from '@zapgate/contracts';
import { imageThumbnail } from './image-thumbnail.js';
import type { MediaUrlFetcher } from './media-url-fetcher.js';

export interface LinkPreviewOptions {
  /** Whole fetch of the page, and again of its image (ms). */
  timeoutMs: number;
  /** Bytes of HTML read (the head is what matters). */
  maxHtmlBytes: number;
  /** Bytes of the og:image accepted. */
  maxImageBytes: number;
}

export const DEFAULT_LINK_PREVIEW: LinkPreviewOptions = {
  timeoutMs: 3_000,
  maxHtmlBytes: 512 * 1024,
  maxImageBytes: 5 * 1024 * 1024,
};

/** WhatsApp's preview thumbnails are small JPEGs; 192 px wide keeps the command small. */
const PREVIEW_THUMBNAIL_WIDTH = 192;

/** The first http(s) link of a text, as written. */
export function firstUrl(text: string): string | undefined {
  return /\bhttps?:\/\/[^\s<>"']+/i.exec(text)?.[0]?.replace(/[).,;:!?]+$/, '');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };
const decode = (s: string) =>
  s
    .replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, e: string) => ENTITIES[e]!)
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .trim();

/** The page's title, description and image from its Open Graph (or plain HTML) tags. */
export function pageMetadata(html: string): { title?: string; description?: string; image?: string } {
  const meta = new Map<string, string>();
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const attr = (name: string) =>
      new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i')
        .exec(tag)
        ?.slice(2, 4)
        .find((v) => v !== undefined);
    const key = (attr('property') ?? attr('name'))?.toLowerCase();
    const content = attr('content');
    if (key && content !== undefined && !meta.has(key)) meta.set(key, decode(content));
  }
  const titleTag = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1];
  const title =
    meta.get('og:title') || meta.get('twitter:title') || (titleTag ? decode(titleTag) : undefined);
  const description =
    meta.get('og:description') || meta.get('description') || meta.get('twitter:description');
  const image = meta.get('og:image') || meta.get('twitter:image');
  return {
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    ...(image ? { image } : {}),
  };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/**
 * Link previews made by zapgate: the page is fetched under the URL policy (the media fetcher's:
 * http(s) only, private addresses as the policy says, redirects re-checked) with a short timeout
 * and a bounded size; its og:image becomes a small JPEG. Never throws: a page that fails, answers
 * an error, is not HTML or has no title gives no preview (the text goes without one).
 */
export class LinkPreviewer {
  constructor(
    private readonly fetcher: MediaUrlFetcher,
    private readonly options: LinkPreviewOptions = DEFAULT_LINK_PREVIEW,
  ) {}

  /** A preview of the text's first link, or undefined. */
  async forText(text: string): Promise<LinkPreview | undefined> {
    const url = firstUrl(text);
    return url ? this.forUrl(url) : undefined;
  }

  async forUrl(url: string): Promise<LinkPreview | undefined> {
    const { timeoutMs, maxHtmlBytes, maxImageBytes } = this.options;
    let html: string;
    let base: string;
    try {
      const page = await this.fetcher.fetch(url, {
        maxBytes: maxHtmlBytes,
        connectTimeoutMs: timeoutMs,
        totalTimeoutMs: timeoutMs,
      });
      if (page.contentType && !/html|xml/i.test(page.contentType)) {
        page.stream.destroy();
        return undefined;
      }
      html = (await readAll(page.stream)).toString('utf8');
      base = page.url;
    } catch {
      return undefined;
    }
    const meta = pageMetadata(html);
    if (!meta.title) return undefined;
    const preview: LinkPreview = {
      url,
      title: meta.title.slice(0, 1_024),
      ...(meta.description ? { description: meta.description.slice(0, 4_096) } : {}),
    };
    if (!meta.image) return preview;
    try {
      const image = await this.fetcher.fetch(new URL(meta.image, base).toString(), {
        maxBytes: maxImageBytes,
        connectTimeoutMs: timeoutMs,
        totalTimeoutMs: timeoutMs,
      });
      const thumb = await imageThumbnail(await readAll(image.stream), PREVIEW_THUMBNAIL_WIDTH);
      return { ...preview, thumbnailBase64: thumb.jpeg.toString('base64') };
    } catch {
      return preview;
    }
  }
}
