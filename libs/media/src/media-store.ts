import type { Readable } from 'node:stream';

/**
 * A stored file, as commands carry it (JSON, a few hundred bytes) instead of its bytes: between
 * the gateway, which takes media in, and the shard, which sends it.
 */
export interface MediaRef {
  /** The store's key (a UUID). */
  id: string;
  /** Bytes. */
  size: number;
  /** What the file is sent as (decided at intake: see decideMime). */
  mime: string;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  fileName?: string;
}

export interface MediaMeta {
  mime: string;
  fileName?: string;
}

/**
 * Where media waits between intake and sending. `put` streams (the file is never held whole in
 * memory; size and SHA-256 are computed as it passes); `open` streams it back. Files are deleted
 * by the sender once sent, and by age otherwise. Adapters: temp files (standalone) and JetStream
 * Object Store (distributed), one contract suite (media-store.contract.ts).
 */
export abstract class MediaStore {
  /** Stores the stream's bytes; rejects with the stream's error (nothing is kept then). */
  abstract put(stream: Readable, meta: MediaMeta): Promise<MediaRef>;
  /** The stored bytes; rejects with a MediaError NotFound when they are not (or no longer) there. */
  abstract open(ref: Pick<MediaRef, 'id'>): Promise<Readable>;
  /** Deletes the file; deleting what is not there is not an error. */
  abstract delete(ref: Pick<MediaRef, 'id'>): Promise<void>;
  /** Stops background work (the age sweep); does not delete anything. */
  abstract close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether an id is one a store made (a ref crosses the wire: nothing else reaches the disk). */
export const isMediaId = (id: unknown): id is string => typeof id === 'string' && UUID.test(id);
