/**
 * `FloeClient`: store, read, status, extend, delete and info over a `ChainClient` and the
 * storage nodes' REST API. Every dependency that touches the outside world (chain, fetch, logger,
 * randomness, encoder workers) is injected; every call takes an `AbortSignal`.
 */
import type { ChainClient } from '../chain/types.ts';
import type { EncoderPool } from '../encoding/parallel/pool.ts';
import { silentLogger, type Logger } from '../util/log.ts';
import { committeeCache, type ClientContext } from './context.ts';
import { blobStatus, deleteBlob, extendBlob, networkInfo } from './manage.ts';
import { StorageNodeClient, type FetchFn } from './node/node-client.ts';
import { readBlob, readBlobStream, type BlobStream, type ReadOptions } from './read/read.ts';
import { storeBlob, type StoreOptions } from './store/store.ts';
import type { BlobStatusReport, NetworkInfo, StoreResult } from './types.ts';
import { Limiter } from './util/concurrency.ts';
import { BackgroundUploads } from './store/background.ts';

export interface FloeClientOptions {
  chain: ChainClient;
  /** Transport for node requests (e.g. `globalThis.fetch`). */
  fetch: FetchFn;
  log?: Logger;
  /** Uniform in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Node requests in flight at once, across all nodes. Default 64. */
  concurrency?: number;
  /** Grace for straggling confirmations once quorum weight is in, ms. Default 200. */
  confirmationGraceMs?: number;
  /**
   * The grace is at least this fraction of the time it took to reach quorum. Default 0.25: nodes
   * that are a little slower than the quorum still get their slivers before the certificate,
   * instead of rebuilding them from peers (which costs them far more).
   */
  confirmationGraceFactor?: number;
  /** Monotonic clock in ms. Default `performance.now`. */
  now?: () => number;
  /** Timeout per node request, ms. Default 30 000. */
  nodeTimeoutMs?: number;
  /** Attempts per node request for retryable failures. Default 6. */
  attempts?: number;
  /** Worker pool for encoding large blobs (owned by the caller). */
  encoderPool?: EncoderPool;
  /**
   * How long uploads to nodes that had not confirmed yet go on after a store returned, ms
   * (0 = stop them at once). Default 30 000.
   */
  backgroundUploadMs?: number;
}

export class FloeClient {
  readonly #ctx: ClientContext;

  constructor(opts: FloeClientOptions) {
    if (opts?.chain === undefined) throw new TypeError('opts.chain is required');
    const graceMs = opts.confirmationGraceMs ?? 200;
    if (!(graceMs >= 0)) throw new RangeError(`confirmationGraceMs must be >= 0, got ${graceMs}`);
    const factor = opts.confirmationGraceFactor ?? 0.25;
    if (!(factor >= 0)) throw new RangeError(`confirmationGraceFactor must be >= 0, got ${factor}`);
    this.#ctx = {
      chain: opts.chain,
      nodes: new StorageNodeClient({ fetch: opts.fetch, timeoutMs: opts.nodeTimeoutMs }),
      limiter: new Limiter(opts.concurrency ?? 64),
      log: opts.log ?? silentLogger,
      random: opts.random ?? Math.random,
      graceMs,
      graceFactor: factor,
      now: opts.now ?? (() => performance.now()),
      attempts: opts.attempts ?? 6,
      encoderPool: opts.encoderPool,
      background: new BackgroundUploads(opts.backgroundUploadMs ?? 30_000),
      committee: committeeCache(opts.chain),
    };
  }

  /** The chain client this client sends transactions with. */
  get chain(): ChainClient {
    return this.#ctx.chain;
  }

  /** Stores `data`; see `storeBlob`. */
  store(data: Uint8Array, opts: StoreOptions): Promise<StoreResult> {
    return storeBlob(this.#ctx, data, opts);
  }

  /** Reads and checks a blob by its text ID; see `readBlob`. */
  read(blobId: string, opts: ReadOptions = {}): Promise<Uint8Array> {
    return readBlob(this.#ctx, blobId, opts);
  }

  /** Streams a blob's verified bytes in order (default check); see `readBlobStream`. */
  readStream(blobId: string, opts: Omit<ReadOptions, 'strict'> = {}): Promise<BlobStream> {
    return readBlobStream(this.#ctx, blobId, opts);
  }

  status(blobId: string, opts: { signal?: AbortSignal } = {}): Promise<BlobStatusReport> {
    return blobStatus(this.#ctx, blobId, opts.signal);
  }

  extend(objectId: string, epochs: number, opts: { signal?: AbortSignal } = {}) {
    return extendBlob(this.#ctx, objectId, epochs, opts.signal);
  }

  delete(objectId: string, opts: { signal?: AbortSignal } = {}) {
    return deleteBlob(this.#ctx, objectId, opts.signal);
  }

  info(opts: { signal?: AbortSignal } = {}): Promise<NetworkInfo> {
    return networkInfo(this.#ctx, opts.signal);
  }

  /**
   * Waits (at most `timeoutMs`) for uploads that went on after stores returned, then stops the
   * rest. Call before exiting a process that stored blobs.
   */
  drain(timeoutMs = 10_000): Promise<void> {
    return this.#ctx.background.drain(timeoutMs);
  }
}
