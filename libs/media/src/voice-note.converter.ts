import { spawn } from 'node:child_process';
import { pipeline, type Readable } from 'node:stream';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { MediaError, MediaErrorReason } from './media.exception.js';
import type { MediaRef, MediaStore } from './media-store.js';
import { peekHead } from './media-stream.js';

/** What WhatsApp plays as a voice note (and what the converter writes). */
export const VOICE_NOTE_MIME = 'audio/ogg; codecs=opus';

export interface VoiceNoteConverterOptions {
  /** The ffmpeg program (default `ffmpeg`, looked up on PATH). */
  ffmpegPath?: string;
  /** Longest a conversion may run before ffmpeg is killed and the file refused (default 60 s). */
  timeoutMs?: number;
}

/** ffmpeg's arguments: any audio (or a video's sound) on stdin, ogg/opus mono 48 kHz on stdout. */
export const VOICE_NOTE_FFMPEG_ARGS: readonly string[] = [
  '-hide_banner',
  '-loglevel',
  'error',
  '-i',
  'pipe:0',
  '-vn',
  '-map_metadata',
  '-1',
  '-ac',
  '1',
  '-ar',
  '48000',
  '-c:a',
  'libopus',
  '-b:a',
  '32k',
  '-application',
  'voip',
  '-f',
  'ogg',
  'pipe:1',
];

/** Whether the first bytes are an Ogg stream whose first packet is an Opus header. */
export function isOggOpus(head: Uint8Array): boolean {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.length < 36 || b.toString('latin1', 0, 4) !== 'OggS') return false;
  // the first page's segment table follows its 27-byte header; the packet follows the table
  const packet = 27 + b[26]!;
  return b.toString('latin1', packet, packet + 8) === 'OpusHead';
}

/** The answer when this machine has no ffmpeg: the feature is missing, not the caller's mistake. */
export const voiceNoteUnavailable = (): DomainError =>
  new DomainError(
    ErrorCode.NotImplemented,
    'voice-note conversion needs ffmpeg, which is not installed on this server: send the audio as ' +
      'ogg/opus (sent as is), or install ffmpeg',
    { reason: 'media_conversion_unavailable' },
  );

interface Exit {
  code?: number | null;
  signal?: NodeJS.Signals | null;
  error?: NodeJS.ErrnoException;
}

/**
 * Voice notes as WhatsApp plays them: ogg/opus, mono, 48 kHz. A stored file that already is
 * ogg/opus is left as it is; anything else is streamed from the store through a child `ffmpeg`
 * (stdin to stdout, an argument array, no shell) into a new stored file, and the original is
 * deleted. Neither file is held in memory. ffmpeg missing answers 501 (voiceNoteUnavailable);
 * audio ffmpeg cannot read, or a conversion past the time limit, is a MediaError UnsupportedType
 * (and nothing new is kept). ffmpeg reads stdin without seeking: an MP4/M4A whose index (`moov`)
 * comes after its data cannot be converted this way, and is refused with ffmpeg's reason.
 */
export class VoiceNoteConverter {
  private readonly ffmpeg: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly store: MediaStore,
    options: VoiceNoteConverterOptions = {},
  ) {
    this.ffmpeg = options.ffmpegPath ?? 'ffmpeg';
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** The file as a voice note: `ref` itself when it already is ogg/opus, else a new converted file. */
  async toVoiceNote(ref: MediaRef): Promise<MediaRef> {
    const peeked = await peekHead(await this.store.open(ref), 64);
    if (isOggOpus(peeked.head)) {
      peeked.stream.destroy();
      return ref;
    }
    const converted = await this.convert(peeked.stream);
    await this.store.delete(ref);
    return converted;
  }

  private async convert(input: Readable): Promise<MediaRef> {
    const child = spawn(this.ffmpeg, [...VOICE_NOTE_FFMPEG_ARGS], {
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: false,
      windowsHide: true,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    const exited = new Promise<Exit>((resolve) => {
      child.once('error', (error) => resolve({ error }));
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, this.timeoutMs);
    // ffmpeg may stop reading early (bad input): EPIPE on its stdin is expected, its exit decides
    pipeline(input, child.stdin, () => undefined);
    const put = this.store.put(child.stdout, { mime: VOICE_NOTE_MIME });
    const [stored, exit] = await Promise.allSettled([put, exited]);
    clearTimeout(timer);
    const result = exit.status === 'fulfilled' ? exit.value : { error: exit.reason as Error };
    const failure = this.failure(result, timedOut, stderr);
    if (!failure && stored.status === 'fulfilled' && stored.value.size > 0) return stored.value;
    if (stored.status === 'fulfilled') await this.store.delete(stored.value);
    if (failure) throw failure;
    throw stored.status === 'rejected'
      ? stored.reason
      : new MediaError(MediaErrorReason.UnsupportedType, 'the audio converted to an empty voice note');
  }

  private failure(exit: Exit, timedOut: boolean, stderr: string): Error | undefined {
    if (exit.error) return exit.error.code === 'ENOENT' ? voiceNoteUnavailable() : exit.error;
    if (timedOut)
      return new MediaError(
        MediaErrorReason.UnsupportedType,
        `the audio could not be converted to a voice note within ${Math.round(this.timeoutMs / 1000)} s`,
      );
    if (exit.code === 0) return undefined;
    const reason = stderr.trim().split('\n').at(-1)?.trim();
    return new MediaError(
      MediaErrorReason.UnsupportedType,
      `the audio could not be converted to a voice note (ogg/opus)${reason ? `: ${reason}` : ''}`,
    );
  }
}
