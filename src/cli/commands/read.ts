/**
 * `floe read BLOB_ID [-o OUT] [--strict]`: reads, checks and writes a blob to OUT or stdout.
 * With `--json`, prints `{ blobId, size, out }` (and the bytes as base64 when there is no OUT).
 */
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { contextFrom } from '../context.ts';
import { ProgressBar } from '../progress.ts';
import { openClient, withConfigOption } from './client-setup.ts';

export function registerRead(program: Command): void {
  withConfigOption(
    program
      .command('read')
      .description('read a blob, check it against its ID and write it out')
      .argument('<blobId>', 'the blob ID (URL-safe base64)')
      .option('-o, --out <file>', 'write to this file instead of stdout')
      .option('--strict', 're-encode the blob and compare IDs (slower, strongest check)', false),
  ).action(
    async (
      blobId: string,
      opts: { out?: string; strict: boolean; config?: string },
      cmd: Command,
    ) => {
      const ctx = contextFrom(cmd);
      const { client, signal, close } = await openClient(ctx, opts.config);
      let data: Uint8Array;
      const bar = new ProgressBar(blobId.slice(0, 12));
      try {
        data = await client.read(blobId, { strict: opts.strict, signal, onProgress: bar.listener });
      } finally {
        bar.done();
        await close();
      }
      if (opts.out !== undefined) {
        await writeFile(opts.out, data);
        ctx.print(
          { blobId, size: data.length, out: opts.out },
          `${blobId}: ${data.length} bytes written to ${opts.out}`,
        );
      } else if (ctx.json) {
        ctx.print({ blobId, size: data.length, data: Buffer.from(data).toString('base64') }, '');
      } else {
        await new Promise<void>((resolve, reject) =>
          process.stdout.write(data, (err) => (err ? reject(err) : resolve())),
        );
      }
    },
  );
}
