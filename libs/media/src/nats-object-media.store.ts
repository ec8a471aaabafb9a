import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { Objm, StorageType, type ObjectStore } from '@nats-io/obj';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { MediaError, MediaErrorReason } from './media.exception.js';
import { isMediaId, MediaStore, type MediaMeta, type MediaRef } from './media-store.js';
import { Sha256Tap } from './media-stream.js';
import { mediaNotFound } from './temp-file-media.store.js';

export interface NatsObjectMediaStoreOptions {
  /** The bucket (created when missing; its stream is `OBJ_<bucket>`). */
  bucket: string;
  /** Objects older than this are dropped by the server (the bucket's TTL, ms). */
  maxAgeMs: number;
  /** Stream replicas (1 on a single server; 3 on a cluster). */
  replicas?: number;
}

/** Chunks read ahead when streaming an object back (128 KiB each): the memory a reader may hold. */
const READ_AHEAD_CHUNKS = 8;

/**
 * Media in a JetStream Object Store bucket, for the distributed mode: the gateway puts, the
 * shard (another process, another machine) opens. `put` publishes 128 KiB chunks as the stream
 * gives them, each acknowledged before the next is read, so memory stays at a chunk or two.
 * `open` reads the chunks through an ordered pull consumer a few at a time and only as the reader
 * asks (the library's own `get` pushes the whole object into an unbounded buffer when the reader
 * is slower than the network, and Baileys' upload is), checking the object's digest at the end.
 * Deleting after use is the sender's; the bucket's TTL drops the rest.
 */
export class NatsObjectMediaStore extends MediaStore {
  private constructor(
    private readonly js: JetStreamClient,
    private readonly os: ObjectStore,
    private readonly bucket: string,
  ) {
    super();
  }

  static async open(nc: NatsConnection, options: NatsObjectMediaStoreOptions): Promise<NatsObjectMediaStore> {
    const js = jetstream(nc);
    const os = await new Objm(js).create(options.bucket, {
      storage: StorageType.File,
      ttl: nanos(options.maxAgeMs),
      replicas: options.replicas ?? 1,
    });
    return new NatsObjectMediaStore(js, os, options.bucket);
  }

  async put(stream: Readable, meta: MediaMeta): Promise<MediaRef> {
    const id = randomUUID();
    const tap = new Sha256Tap();
    stream.once('error', (err) => tap.destroy(err));
    // a failed put purges the chunks it published, so nothing is left under the name
    await this.os.put(
      {
        name: id,
        metadata: { mime: meta.mime, ...(meta.fileName ? { fileName: meta.fileName } : {}) },
      },
      Readable.toWeb(stream.pipe(tap)) as ReadableStream<Uint8Array>,
    );
    return {
      id,
      size: tap.size,
      mime: meta.mime,
      sha256: tap.digest(),
      ...(meta.fileName ? { fileName: meta.fileName } : {}),
    };
  }

  async open(ref: Pick<MediaRef, 'id'>): Promise<Readable> {
    if (!isMediaId(ref.id)) throw mediaNotFound(String(ref.id));
    const info = await this.os.info(ref.id);
    if (!info || info.deleted) throw mediaNotFound(ref.id);
    if (info.size === 0) return Readable.from([]);
    const consumer = await this.js.consumers.get(`OBJ_${this.bucket}`, {
      // one subject, so servers before 2.10 (no filter_subjects) take it too
      filter_subjects: `$O.${this.bucket}.C.${info.nuid}`,
    });
    const messages = await consumer.consume({ max_messages: READ_AHEAD_CHUNKS });
    const expected = info.digest.replace(/^SHA-256=/, '');
    async function* chunks(): AsyncGenerator<Uint8Array> {
      const hash = createHash('sha256');
      try {
        for await (const m of messages) {
          hash.update(m.data);
          yield m.data;
          if (m.info.pending === 0) break;
        }
      } finally {
        await messages.close();
      }
      if (hash.digest('base64url') !== expected.replace(/=+$/, ''))
        throw new MediaError(MediaErrorReason.NotFound, 'the stored media is corrupt (digest mismatch)', {
          id: ref.id,
        });
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  async delete(ref: Pick<MediaRef, 'id'>): Promise<void> {
    if (!isMediaId(ref.id)) return;
    // deleting purges the chunks; a name that is not there is no error
    await this.os.delete(ref.id).catch((err: Error) => {
      if (!/not found|no info/i.test(err.message)) throw err;
    });
  }

  async close(): Promise<void> {
    // the connection is the caller's
  }
}
