/**
 * Uploads that arrive before the node has applied the blob's `BlobRegistered` event (the client
 * saw its transaction finish; this node's follower has not caught up yet). They are checked as
 * fully as they can be (metadata against the blob ID, slivers against the buffered metadata),
 * held in memory within a byte and entry bound, and written to the store once the registration
 * event is applied. Nothing in here is acknowledged as stored: replies say "buffered" (202).
 */
import type { Axis } from '../store/node-store.ts';
import type { BlobMetadata } from '../../encoding/metadata.ts';
import { BufferFullError } from '../errors.ts';

export interface BufferedSliver {
  shard: number;
  pairIndex: number;
  axis: Axis;
  bytes: Uint8Array;
}

interface Entry {
  metadataBytes?: Uint8Array;
  metadata?: BlobMetadata;
  slivers: Map<string, BufferedSliver>;
  bytes: number;
}

export interface BufferLimits {
  maxBytes: number;
  maxEntries: number;
}

export class PreRegistrationBuffer {
  private readonly entries = new Map<string, Entry>();
  private usedBytes = 0;
  private usedEntries = 0;

  constructor(private readonly limits: BufferLimits) {}

  /** Bytes and items currently held (for metrics). */
  get size(): { bytes: number; entries: number } {
    return { bytes: this.usedBytes, entries: this.usedEntries };
  }

  private reserve(bytes: number): void {
    if (
      this.usedBytes + bytes > this.limits.maxBytes ||
      this.usedEntries + 1 > this.limits.maxEntries
    ) {
      throw new BufferFullError();
    }
    this.usedBytes += bytes;
    this.usedEntries += 1;
  }

  private entry(key: string): Entry {
    let e = this.entries.get(key);
    if (e === undefined) {
      e = { slivers: new Map(), bytes: 0 };
      this.entries.set(key, e);
    }
    return e;
  }

  /** Holds verified metadata. @throws BufferFullError when over the bound. */
  putMetadata(blobKey: string, bytes: Uint8Array, metadata: BlobMetadata): void {
    const e = this.entry(blobKey);
    if (e.metadataBytes !== undefined) return;
    this.reserve(bytes.length);
    e.metadataBytes = bytes;
    e.metadata = metadata;
    e.bytes += bytes.length;
  }

  metadata(blobKey: string): BlobMetadata | undefined {
    return this.entries.get(blobKey)?.metadata;
  }

  hasMetadata(blobKey: string): boolean {
    return this.entries.get(blobKey)?.metadataBytes !== undefined;
  }

  /** Holds a verified sliver. @throws BufferFullError when over the bound. */
  putSliver(blobKey: string, sliver: BufferedSliver): void {
    const e = this.entry(blobKey);
    const key = `${sliver.pairIndex}/${sliver.axis}`;
    if (e.slivers.has(key)) return;
    this.reserve(sliver.bytes.length);
    e.slivers.set(key, sliver);
    e.bytes += sliver.bytes.length;
  }

  hasSliver(blobKey: string, pairIndex: number, axis: Axis): boolean {
    return this.entries.get(blobKey)?.slivers.has(`${pairIndex}/${axis}`) ?? false;
  }

  /** Removes and returns everything held for a blob (metadata as received and as parsed). */
  take(
    blobKey: string,
  ):
    | { metadata?: { bytes: Uint8Array; parsed: BlobMetadata }; slivers: BufferedSliver[] }
    | undefined {
    const e = this.entries.get(blobKey);
    if (e === undefined) return undefined;
    this.entries.delete(blobKey);
    this.usedBytes -= e.bytes;
    this.usedEntries -= e.slivers.size + (e.metadataBytes === undefined ? 0 : 1);
    return {
      ...(e.metadataBytes && e.metadata
        ? { metadata: { bytes: e.metadataBytes, parsed: e.metadata } }
        : {}),
      slivers: [...e.slivers.values()],
    };
  }
}
