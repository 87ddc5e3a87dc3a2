/**
 * Encoder worker: runs one encoding step on a range of shared buffers per message. Loaded by
 * pool.ts through tsx (the worker gets `--import tsx` in its execArgv).
 */
import { parentPort } from 'node:worker_threads';
import {
  expandPrimaryColumns,
  expandRowBlock,
  rootsOfColumns,
  type EncodeBuffers,
} from '../encode-steps.ts';
import { loadHashEngine } from '../hash.ts';
import { loadRsEngine } from '../rs.ts';
import type { EncodeTask, TaskReply } from './protocol.ts';

function views(task: EncodeTask, staged: Uint8Array): EncodeBuffers {
  const b = task.buffers;
  return {
    source: staged,
    sourceFirstRow: task.stagedFirstRow,
    tail: new Uint8Array(b.tail),
    parity: new Uint8Array(b.parity),
    secondary: new Uint8Array(b.secondary),
    columnSubtrees: new Uint8Array(b.columnSubtrees),
    primaryHashes: new Uint8Array(b.primaryHashes),
    secondaryHashes: new Uint8Array(b.secondaryHashes),
  };
}

async function run(task: EncodeTask): Promise<void> {
  const [rs, hash] = await Promise.all([loadRsEngine(), loadHashEngine()]);
  const staged =
    task.staging === undefined
      ? new Uint8Array(0)
      : new Uint8Array(task.staging, 0, task.stagedBytes);
  const bufs = views(task, staged);
  switch (task.step) {
    case 'warm':
      return;
    case 'primary':
      return expandPrimaryColumns(rs, task.layout, staged, task.from, task.to, bufs.parity);
    case 'rowBlocks':
      for (let b = task.from; b < task.to; b++) expandRowBlock(rs, hash, task.layout, bufs, b);
      return;
    case 'columnRoots':
      return rootsOfColumns(hash, task.layout, bufs, task.from, task.to);
  }
}

const port = parentPort;
if (port === null) throw new Error('worker.ts must run in a worker thread');
port.on('message', (task: EncodeTask) => {
  run(task).then(
    () => port.postMessage({ id: task.id, ok: true } satisfies TaskReply),
    (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      port.postMessage({
        id: task.id,
        ok: false,
        error: { name: e.name, message: e.message, stack: e.stack },
      } satisfies TaskReply);
    },
  );
});
