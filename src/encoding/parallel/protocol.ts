/**
 * Messages between the encoder pool and its workers. Output buffers travel as SharedArrayBuffers,
 * so a task names a range of work and no sliver bytes are copied between threads. The blob is the
 * caller's (not shared, never copied whole): the pool copies the part of it that a task reads into
 * that worker's reusable staging buffer just before sending the task.
 */
import type { EncodeLayout } from '../encode-steps.ts';

/** `warm` only loads the worker's engines (tsx, wasm kernels) so the first real task does not wait. */
export type EncodeStep = 'warm' | 'primary' | 'rowBlocks' | 'columnRoots';

export interface SharedEncodeBuffers {
  tail: SharedArrayBuffer;
  parity: SharedArrayBuffer;
  secondary: SharedArrayBuffer;
  columnSubtrees: SharedArrayBuffer;
  primaryHashes: SharedArrayBuffer;
  secondaryHashes: SharedArrayBuffer;
}

export interface EncodeTask {
  id: number;
  step: EncodeStep;
  layout: EncodeLayout;
  buffers: SharedEncodeBuffers;
  /** Column range, or row-block range, [from, to) of the step. */
  from: number;
  to: number;
  /**
   * The blob bytes this task reads, in the first `stagedBytes` bytes of `staging`: for `primary`
   * the k1 systematic rows' columns from..to (see `gatherColumns`), for `rowBlocks` the blob rows
   * from `stagedFirstRow` on.
   */
  staging?: SharedArrayBuffer;
  stagedBytes: number;
  stagedFirstRow: number;
}

export type TaskReply =
  | { id: number; ok: true }
  | { id: number; ok: false; error: { name: string; message: string; stack?: string } };
