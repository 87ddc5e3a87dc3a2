/**
 * Messages between the encoder pool and its workers. Buffers travel as SharedArrayBuffers, so a
 * task names a range of work and no sliver bytes are copied between threads.
 */
import type { EncodeLayout } from '../encode-steps.ts';

/** `warm` only loads the worker's engines (tsx, wasm kernels) so the first real task does not wait. */
export type EncodeStep = 'warm' | 'primary' | 'rowBlocks' | 'columnRoots';

export interface SharedEncodeBuffers {
  primary: SharedArrayBuffer;
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
}

export type TaskReply =
  | { id: number; ok: true }
  | { id: number; ok: false; error: { name: string; message: string; stack?: string } };
