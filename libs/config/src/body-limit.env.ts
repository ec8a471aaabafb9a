import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EnvClass = new (...args: any[]) => object;

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `1048576`, `512kb`, `1mb`, `1.5 MB` as bytes (units of 1024); NaN for anything else. */
export function parseByteSize(value: unknown): number {
  if (typeof value === 'number') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(String(value));
  if (!match) return NaN;
  return Math.floor(Number(match[1]) * UNITS[(match[2] ?? '').toLowerCase()]!);
}

/** The HTTP body size limit, for the apps that serve the gateway's HTTP API. */
export function WithBodyLimit<T extends EnvClass>(Base: T) {
  class WithBodyLimitEnv extends Base {
    /**
     * The largest request body the gateway reads, for every content type: bytes, or with a unit
     * (`512kb`, `1mb`). Room for the largest text (65,536 characters in any script); large media
     * does not travel in JSON bodies.
     */
    // the raw env text: implicit conversion would have made "1mb" NaN already
    @Transform(({ obj, key }) => parseByteSize((obj as Record<string, unknown>)[key]))
    @IsInt({ message: 'ZG_BODY_LIMIT must be a size such as 1mb, 512kb or a number of bytes' })
    @Min(1024, { message: 'ZG_BODY_LIMIT must be at least 1kb' })
    @Max(1024 ** 3, { message: 'ZG_BODY_LIMIT must be at most 1gb' })
    ZG_BODY_LIMIT: number = 1024 ** 2;
  }
  return WithBodyLimitEnv;
}
