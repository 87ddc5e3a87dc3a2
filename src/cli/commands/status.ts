/** `floe status BLOB_ID`: what the chain knows about a blob (certified, until when, by whom). */
import type { Command } from 'commander';
import { contextFrom } from '../context.ts';
import type { BlobStatusReport } from '../../client/types.ts';
import { openClient, withConfigOption } from './client-setup.ts';

export function registerStatus(program: Command): void {
  withConfigOption(
    program
      .command('status')
      .description("show a blob's status on chain")
      .argument('<blobId>', 'the blob ID'),
  ).action(async (blobId: string, opts: { config?: string }, cmd: Command) => {
    const ctx = contextFrom(cmd);
    const { client, signal, close } = await openClient(ctx, opts.config);
    try {
      const report = await client.status(blobId, { signal });
      ctx.print(report, describe(report));
    } finally {
      await close();
    }
  });
}

function describe(r: BlobStatusReport): string {
  const lines = [`${r.blobId}: ${r.state} (current epoch ${r.currentEpoch})`];
  if (r.certifiedEpoch !== null) lines.push(`  certified in epoch ${r.certifiedEpoch}`);
  if (r.endEpoch !== null) lines.push(`  stored until epoch ${r.endEpoch}`);
  for (const o of r.objects) {
    const cert = o.certifiedEpoch === null ? 'not certified' : `certified in ${o.certifiedEpoch}`;
    lines.push(
      `  object ${o.objectId}: ${o.size} bytes, ${o.deletable ? 'deletable' : 'permanent'}, ${cert}, until ${o.endEpoch}`,
    );
  }
  return lines.join('\n');
}
