/**
 * `floe store FILE... [--epochs N] [--deletable] [--storage ID] [--force]`: stores each file
 * (`-` = stdin) and prints its blob ID, object ID, end epoch and certificate; with `--json`, one
 * JSON line per file.
 */
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { contextFrom } from '../context.ts';
import { ProgressBar } from '../progress.ts';
import type { StoreResult } from '../../client/types.ts';
import { openClient, withConfigOption } from './client-setup.ts';
import { parsePositiveInt } from './parse.ts';

export function registerStore(program: Command): void {
  withConfigOption(
    program
      .command('store')
      .description('store files as blobs and print their IDs and certificates')
      .argument('<files...>', 'files to store (- for stdin)')
      .option('-e, --epochs <n>', 'epochs to store for', parsePositiveInt('--epochs'), 1)
      .option('--deletable', 'make the blobs deletable by their owner', false)
      .option('--storage <id>', 'register into this owned storage resource instead of buying space')
      .option('--force', 'store even if a certified copy already covers the epochs', false),
  ).action(
    async (
      files: string[],
      opts: {
        epochs: number;
        deletable: boolean;
        storage?: string;
        force: boolean;
        config?: string;
      },
      cmd: Command,
    ) => {
      const ctx = contextFrom(cmd);
      const { client, signal, close } = await openClient(ctx, opts.config);
      try {
        for (const file of files) {
          const data = file === '-' ? await readStdin() : await readFile(file);
          const bar = new ProgressBar(file === '-' ? 'stdin' : file);
          let result: StoreResult;
          try {
            result = await client.store(
              new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
              {
                epochs: opts.epochs,
                deletable: opts.deletable,
                storageId: opts.storage,
                force: opts.force,
                signal,
                onProgress: bar.listener,
              },
            );
          } finally {
            bar.done();
          }
          ctx.print({ file, ...result }, describe(file, result));
        }
      } finally {
        await close();
      }
    },
  );
}

function describe(file: string, r: StoreResult): string {
  const lines = [
    `${file}: ${r.status === 'newlyCreated' ? 'stored' : 'already certified'}`,
    `  blob id:         ${r.blobId}`,
    `  object id:       ${r.objectId}`,
    `  size:            ${r.size} bytes${r.deletable ? ' (deletable)' : ''}`,
    `  certified epoch: ${r.certifiedEpoch}, stored until epoch ${r.endEpoch}`,
  ];
  if (r.certificate) {
    const c = r.certificate;
    lines.push(
      `  signers:         ${c.signers.length} nodes [${c.signers.join(', ')}], ${c.signedWeight}/${c.nShards} shards`,
    );
  }
  if (r.reusedStorageId !== undefined)
    lines.push(`  storage:         reused owned resource ${r.reusedStorageId}`);
  if (r.cost > 0n) lines.push(`  cost:            ${r.cost} MIST`);
  return lines.join('\n');
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
