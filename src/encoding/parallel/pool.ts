/**
 * A small reusable pool of encoder worker threads. `encode` splits each encoding step into
 * ranges, runs them on the workers over shared memory, and waits between steps (each step needs
 * the previous one complete). The blob stays where the caller has it: just before a task goes to
 * a worker, the part of the blob it reads (at most a few MiB) is copied into that worker's
 * staging buffer, which the next task on that worker reuses. Workers are unref'd while idle, so
 * an open pool never keeps a process alive; `close()` ends them.
 *
 *   const pool = createEncoderPool({ size: 2, log });
 *   const blob = await encodeBlob(data, 1000, { pool });
 *   await pool.close();
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../util/log.ts';
import { silentLogger } from '../../util/log.ts';
import {
  blockCount,
  columnsPerRange,
  gatherColumns,
  type EncodeBuffers,
  type EncodeLayout,
} from '../encode-steps.ts';
import { EncoderWorkerError } from '../errors.ts';
import type { EncodeStep, EncodeTask, SharedEncodeBuffers, TaskReply } from './protocol.ts';

export interface EncoderPool {
  readonly size: number;
  /**
   * Runs all encoding steps on the workers; every buffer but `bufs.source` (the blob) must be a
   * whole SharedArrayBuffer view.
   * @throws TypeError if one is not; EncoderWorkerError if a worker fails or the pool closes.
   */
  encode(layout: EncodeLayout, bufs: EncodeBuffers): Promise<void>;
  /**
   * Starts every worker and loads its engines (~0.5-1.3 s each, in parallel), so that a
   * long-lived process pays this before its first blob rather than during it. Optional.
   */
  warm(): Promise<void>;
  /** Terminates the workers; later `encode` calls start new ones. */
  close(): Promise<void>;
}

export interface EncoderPoolOptions {
  /** Number of worker threads. Default: available parallelism, at most 4. */
  size?: number;
  log?: Logger;
}

interface Slot {
  worker: Worker;
  busy: EncodeTask | undefined;
  /** Reused for the blob bytes of each task sent to this worker. */
  staging: SharedArrayBuffer | undefined;
}

/** The blob bytes a task reads, copied into its worker's staging buffer at dispatch. */
interface Stage {
  bytes: number;
  /** The most any task of this encoding stages: a worker's buffer is allocated once at this size. */
  capacity: number;
  firstRow: number;
  fill(dst: Uint8Array): void;
}

interface Queued {
  task: EncodeTask;
  stage: Stage | undefined;
}

/** Blob bytes staged per row-block task (at least one block). */
const ROWS_STAGE_BYTES = 4 << 20;

interface Pending {
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Workers run the .ts sources through tsx: they inherit this process's execArgv (which carries
 * `--import tsx` under `node --import tsx`) and get it added when missing (under vitest).
 */
function workerExecArgv(): string[] {
  const argv = [...process.execArgv];
  const hasTsx = argv.some(
    (a, i) => (a === '--import' && argv[i + 1] === 'tsx') || a === '--import=tsx',
  );
  if (!hasTsx) argv.push('--import', 'tsx');
  return argv;
}

class WorkerEncoderPool implements EncoderPool {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Queued[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly log: Logger;

  constructor(opts: EncoderPoolOptions) {
    const size = opts.size ?? Math.min(4, availableParallelism());
    if (!Number.isInteger(size) || size < 1 || size > 64)
      throw new RangeError(`pool size must be 1..64, got ${size}`);
    this.size = size;
    this.log = (opts.log ?? silentLogger).child({ component: 'encoder-pool' });
  }

  async encode(layout: EncodeLayout, bufs: EncodeBuffers): Promise<void> {
    const buffers = sharedOf(bufs);
    const { nShards: n, k1, k2, symbolSize: s, blockRows, wholeRows } = layout;
    const rowLen = k2 * s;
    const run = (
      step: EncodeStep,
      ranges: [number, number][],
      stage: (from: number, to: number) => Stage | undefined = () => undefined,
    ) =>
      Promise.all(
        ranges.map(([from, to]) =>
          this.submit(
            { id: 0, step, layout, buffers, from, to, stagedBytes: 0, stagedFirstRow: 0 },
            stage(from, to),
          ),
        ),
      );
    // Step 1 in column ranges of ~1 MiB of blob (see columnsPerRange), at least two per worker;
    // step 2 in tasks of whole blocks, blocks of rows >= wholeRows read only shared memory.
    const columns = split(k2, Math.max(this.size * 2, Math.ceil(k2 / columnsPerRange(layout))));
    const blocks = blockCount(layout);
    const perTask = Math.max(
      1,
      Math.min(
        Math.floor(ROWS_STAGE_BYTES / (blockRows * rowLen)),
        Math.ceil(blocks / (this.size * 4)),
      ),
    );
    const widest = Math.max(...columns.map(([c0, c1]) => c1 - c0));
    const capacity = Math.max(k1 * widest * s, Math.min(wholeRows, perTask * blockRows) * rowLen);
    try {
      await run('primary', columns, (c0, c1) => ({
        bytes: k1 * (c1 - c0) * s,
        capacity,
        firstRow: 0,
        fill: (dst) => gatherColumns(layout, bufs, c0, c1, dst),
      }));
      await run('rowBlocks', split(blocks, Math.ceil(blocks / perTask)), (b0, b1) => {
        const r0 = b0 * blockRows;
        const r1 = Math.min(wholeRows, b1 * blockRows);
        if (r1 <= r0) return undefined;
        const from = (r0 - bufs.sourceFirstRow) * rowLen;
        return {
          bytes: (r1 - r0) * rowLen,
          capacity,
          firstRow: r0,
          fill: (dst) => dst.set(bufs.source.subarray(from, from + dst.length)),
        };
      });
      await run('columnRoots', split(n, this.size));
    } finally {
      // A huge blob's staging (one row can be tens of MiB) is not kept for the next one.
      for (const slot of this.slots) slot.staging = undefined;
    }
  }

  async warm(): Promise<void> {
    const layout: EncodeLayout = {
      nShards: 4,
      k1: 2,
      k2: 3,
      symbolSize: 2,
      blockRows: 4,
      wholeRows: 0,
    };
    const empty = new SharedArrayBuffer(0);
    const buffers: SharedEncodeBuffers = {
      tail: empty,
      parity: empty,
      secondary: empty,
      columnSubtrees: empty,
      primaryHashes: empty,
      secondaryHashes: empty,
    };
    // All queued before any completes, so each worker slot takes one.
    const tasks = Array.from({ length: this.size }, () =>
      this.submit(
        { id: 0, step: 'warm', layout, buffers, from: 0, to: 0, stagedBytes: 0, stagedFirstRow: 0 },
        undefined,
      ),
    );
    await Promise.all(tasks);
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    // Encodings still running fail rather than wait forever for workers that are gone.
    const closed = new EncoderWorkerError('encoder pool closed');
    this.queue.splice(0);
    for (const pending of this.pending.values()) pending.reject(closed);
    this.pending.clear();
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private submit(task: EncodeTask, stage: Stage | undefined): Promise<void> {
    task.id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(task.id, { resolve, reject });
      this.queue.push({ task, stage });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.busy === undefined);
      if (slot === undefined && this.slots.length < this.size) slot = this.spawn();
      if (slot === undefined) return;
      const { task, stage } = this.queue.shift()!;
      if (stage !== undefined) {
        try {
          if (slot.staging === undefined || slot.staging.byteLength < stage.bytes)
            slot.staging = new SharedArrayBuffer(Math.max(stage.bytes, stage.capacity));
          stage.fill(new Uint8Array(slot.staging, 0, stage.bytes));
        } catch (err) {
          const p = this.pending.get(task.id);
          this.pending.delete(task.id);
          p?.reject(err instanceof Error ? err : new Error(String(err)));
          continue;
        }
        task.staging = slot.staging;
        task.stagedBytes = stage.bytes;
        task.stagedFirstRow = stage.firstRow;
      }
      slot.busy = task;
      slot.worker.ref();
      slot.worker.postMessage(task);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), {
      execArgv: workerExecArgv(),
    });
    const slot: Slot = { worker, busy: undefined, staging: undefined };
    worker.unref();
    worker.on('message', (reply: TaskReply) => {
      const done = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      slot.busy = undefined;
      worker.unref();
      if (reply.ok) done?.resolve();
      else {
        const cause = Object.assign(new Error(reply.error.message), {
          name: reply.error.name,
          stack: reply.error.stack,
        });
        done?.reject(
          new EncoderWorkerError(`encoder worker failed: ${reply.error.message}`, { cause }),
        );
      }
      this.dispatch();
    });
    const fail = (err: Error) => {
      this.log.warn({ err }, 'encoder worker died');
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      if (slot.busy !== undefined) {
        const p = this.pending.get(slot.busy.id);
        this.pending.delete(slot.busy.id);
        p?.reject(new EncoderWorkerError(`encoder worker died: ${err.message}`, { cause: err }));
        slot.busy = undefined;
      }
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) fail(new Error(`worker exited with code ${code}`));
    });
    this.slots.push(slot);
    return slot;
  }
}

/** Splits [0, total) into at most `parts` nearly equal non-empty ranges. */
export function split(total: number, parts: number): [number, number][] {
  const count = Math.max(1, Math.min(total, parts));
  const ranges: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const from = Math.floor((i * total) / count);
    const to = Math.floor(((i + 1) * total) / count);
    if (to > from) ranges.push([from, to]);
  }
  return ranges;
}

function sharedOf(bufs: EncodeBuffers): SharedEncodeBuffers {
  const get = (name: keyof SharedEncodeBuffers): SharedArrayBuffer => {
    const view = bufs[name];
    if (
      !(view.buffer instanceof SharedArrayBuffer) ||
      view.byteOffset !== 0 ||
      view.byteLength !== view.buffer.byteLength
    ) {
      throw new TypeError(`${name} must be a whole SharedArrayBuffer view`);
    }
    return view.buffer;
  };
  return {
    tail: get('tail'),
    parity: get('parity'),
    secondary: get('secondary'),
    columnSubtrees: get('columnSubtrees'),
    primaryHashes: get('primaryHashes'),
    secondaryHashes: get('secondaryHashes'),
  };
}

/** A pool of encoder workers (see the module comment). */
export function createEncoderPool(opts: EncoderPoolOptions = {}): EncoderPool {
  return new WorkerEncoderPool(opts);
}
