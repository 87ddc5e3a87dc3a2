/**
 * The storage node's on-disk state, one lmdb environment:
 *
 * - `shard-NNNNN` (one sub-database per shard): key `blobId (32) || axis (0 primary, 1 secondary)`,
 *   value the sliver's BCS bytes. A shard is handed over or dropped as a unit.
 * - `metadata`: key blobId, value the stored metadata bytes (full BCS or compact form).
 * - `blobs`: key blobId, value a {@link BlobRecord} (what the chain said about the blob).
 * - `node`: small named values (event cursor, epoch, committee view).
 *
 * Durability: lmdb commits are copy-on-write with a two-meta-page switch, so a kill -9 leaves the
 * last committed transaction intact; every write promise here resolves only after its commit has
 * been flushed to disk (`overlappingSync` with `separateFlushed: false`), so anything the node
 * acknowledges survives a crash. `useWritemap` stays off so a stray write cannot corrupt pages.
 */
import { mkdirSync } from 'node:fs';
import { open, type Database, type RootDatabase, type RootDatabaseOptions } from 'lmdb';
import type { Logger } from '../../util/log.ts';
import type { BlobRecord } from '../blob-record.ts';

export type Axis = 'primary' | 'secondary';

/** Which sub-database names this store uses (exported for tests that inspect the files). */
export function shardDbName(shard: number): string {
  return `shard-${shard.toString().padStart(5, '0')}`;
}

function sliverKey(blobId: Uint8Array, axis: Axis): Buffer {
  const key = Buffer.allocUnsafe(33);
  key.set(blobId, 0);
  key[32] = axis === 'primary' ? 0 : 1;
  return key;
}

function idKey(blobId: Uint8Array): Buffer {
  return Buffer.from(blobId.buffer, blobId.byteOffset, blobId.byteLength);
}

export interface NodeStoreOptions {
  /** Directory of the lmdb environment (created if missing). */
  path: string;
  log: Logger;
  /** Upper bound on sub-databases: shards plus a few tables (default 65535 + 8). */
  maxShards?: number;
}

export class NodeStore {
  private readonly root: RootDatabase;
  private readonly metadataDb: Database<Buffer, Buffer>;
  private readonly blobsDb: Database<BlobRecord, Buffer>;
  private readonly nodeDb: Database<unknown, string>;
  private readonly shards = new Map<number, Database<Buffer, Buffer>>();
  private closed = false;

  private constructor(
    root: RootDatabase,
    private readonly log: Logger,
  ) {
    this.root = root;
    this.metadataDb = root.openDB({ name: 'metadata', encoding: 'binary', keyEncoding: 'binary' });
    this.blobsDb = root.openDB({ name: 'blobs', keyEncoding: 'binary' });
    this.nodeDb = root.openDB({ name: 'node' });
  }

  /** Opens (or creates) the environment at `opts.path`. */
  static open(opts: NodeStoreOptions): NodeStore {
    mkdirSync(opts.path, { recursive: true });
    const root = open(opts.path, {
      maxDbs: (opts.maxShards ?? 65535) + 8,
      overlappingSync: true,
      separateFlushed: false,
      noSync: false,
      useWritemap: false,
      // Always start from a transaction known to be flushed, even after an OS crash.
      safeRestore: true,
    } as RootDatabaseOptions);
    opts.log.debug({ path: opts.path }, 'store opened');
    return new NodeStore(root, opts.log);
  }

  private shardDb(shard: number): Database<Buffer, Buffer> {
    if (!Number.isInteger(shard) || shard < 0 || shard > 65535)
      throw new RangeError(`shard must be in 0..65535, got ${shard}`);
    let db = this.shards.get(shard);
    if (db === undefined) {
      db = this.root.openDB({
        name: shardDbName(shard),
        encoding: 'binary',
        keyEncoding: 'binary',
      });
      this.shards.set(shard, db);
    }
    return db;
  }

  /** Opens the sub-databases of `shards` now (they must exist before a write transaction uses them). */
  openShards(shards: Iterable<number>): void {
    for (const shard of shards) this.shardDb(shard);
  }

  // ----- slivers --------------------------------------------------------------------------

  /** Stores a sliver; resolves once it is durable on disk. */
  async putSliver(
    shard: number,
    blobId: Uint8Array,
    axis: Axis,
    bcsBytes: Uint8Array,
  ): Promise<void> {
    await this.shardDb(shard).put(sliverKey(blobId, axis), Buffer.from(bcsBytes));
  }

  /**
   * Stores several slivers of one blob in one transaction (all or none); resolves once it is
   * durable on disk. One commit and one flush for a whole batch instead of one per sliver.
   */
  async putSlivers(
    blobId: Uint8Array,
    items: readonly { shard: number; axis: Axis; bytes: Uint8Array }[],
  ): Promise<void> {
    if (items.length === 0) return;
    this.openShards(items.map((item) => item.shard));
    await this.root.childTransaction(() => {
      for (const { shard, axis, bytes } of items) {
        this.shardDb(shard).putSync(
          sliverKey(blobId, axis),
          Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        );
      }
    });
  }

  getSliver(shard: number, blobId: Uint8Array, axis: Axis): Uint8Array | undefined {
    const v = this.shardDb(shard).getBinary(sliverKey(blobId, axis));
    return v === undefined ? undefined : new Uint8Array(v);
  }

  hasSliver(shard: number, blobId: Uint8Array, axis: Axis): boolean {
    return this.shardDb(shard).doesExist(sliverKey(blobId, axis));
  }

  /**
   * Slivers of one axis in a shard, in blob-ID order, from `startBlobId` (inclusive), at most
   * `limit` of them.
   */
  sliversFrom(
    shard: number,
    axis: Axis,
    startBlobId: Uint8Array,
    limit: number,
  ): { blobId: Uint8Array; bytes: Uint8Array }[] {
    const out: { blobId: Uint8Array; bytes: Uint8Array }[] = [];
    const tag = axis === 'primary' ? 0 : 1;
    for (const { key, value } of this.shardDb(shard).getRange({
      start: sliverKey(startBlobId, 'primary'),
    })) {
      const k = key as Buffer;
      if (k[32] !== tag) continue;
      out.push({ blobId: new Uint8Array(k.subarray(0, 32)), bytes: new Uint8Array(value) });
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Number of slivers stored in a shard. */
  sliverCount(shard: number): number {
    return this.shardDb(shard).getCount();
  }

  /** Drops a whole shard (after it was handed over, or when it left this node). */
  async dropShard(shard: number): Promise<void> {
    const db = this.shardDb(shard);
    await db.drop();
    this.shards.delete(shard);
    this.log.info({ shard }, 'shard dropped');
  }

  // ----- metadata and blob records --------------------------------------------------------

  async putMetadata(blobId: Uint8Array, bytes: Uint8Array): Promise<void> {
    await this.metadataDb.put(idKey(blobId), Buffer.from(bytes));
  }

  getMetadata(blobId: Uint8Array): Uint8Array | undefined {
    const v = this.metadataDb.getBinary(idKey(blobId));
    return v === undefined ? undefined : new Uint8Array(v);
  }

  hasMetadata(blobId: Uint8Array): boolean {
    return this.metadataDb.doesExist(idKey(blobId));
  }

  getBlob(blobId: Uint8Array): BlobRecord | undefined {
    return this.blobsDb.get(idKey(blobId));
  }

  /** Every blob record (for garbage collection at epoch change). */
  *blobRecords(): Generator<{ blobId: Uint8Array; record: BlobRecord }> {
    for (const { key, value } of this.blobsDb.getRange({})) {
      yield { blobId: new Uint8Array(key as Buffer), record: value };
    }
  }

  /**
   * Runs `fn` in one write transaction with synchronous accessors; resolves once committed and
   * flushed. Used to apply a chain event together with the cursor that follows it. It runs as an
   * lmdb child transaction, so if `fn` throws none of its writes happen (a plain lmdb-js
   * `transaction` would keep the writes made before the throw) and the promise rejects.
   */
  async transaction(fn: (tx: StoreTx) => void): Promise<void> {
    const tx: StoreTx = {
      putBlob: (blobId, record) => void this.blobsDb.putSync(idKey(blobId), record),
      removeBlob: (blobId) => void this.blobsDb.removeSync(idKey(blobId)),
      removeMetadata: (blobId) => void this.metadataDb.removeSync(idKey(blobId)),
      getBlob: (blobId) => this.blobsDb.get(idKey(blobId)),
      putState: (key, value) => void this.nodeDb.putSync(key, value),
      removeSlivers: (shards, blobId) => {
        for (const shard of shards) {
          const db = this.shardDb(shard);
          db.removeSync(sliverKey(blobId, 'primary'));
          db.removeSync(sliverKey(blobId, 'secondary'));
        }
      },
    };
    await this.root.childTransaction(() => fn(tx));
  }

  getState<T>(key: string): T | undefined {
    return this.nodeDb.get(key) as T | undefined;
  }

  async putState(key: string, value: unknown): Promise<void> {
    await this.nodeDb.put(key, value);
  }

  /** Bytes used by the environment's data file (for metrics). */
  diskBytes(): number {
    const stats = this.root.getStats() as {
      pageSize?: number;
      treeDepth?: number;
      lastPageNumber?: number;
    };
    return (stats.lastPageNumber ?? 0) * (stats.pageSize ?? 4096);
  }

  /** Waits for pending writes and closes the environment. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.root.flushed;
    await this.root.close();
  }
}

/** Synchronous accessors valid inside {@link NodeStore.transaction}. */
export interface StoreTx {
  putBlob(blobId: Uint8Array, record: BlobRecord): void;
  removeBlob(blobId: Uint8Array): void;
  removeMetadata(blobId: Uint8Array): void;
  getBlob(blobId: Uint8Array): BlobRecord | undefined;
  putState(key: string, value: unknown): void;
  /** Removes both slivers of `blobId` from each listed shard. */
  removeSlivers(shards: Iterable<number>, blobId: Uint8Array): void;
}
