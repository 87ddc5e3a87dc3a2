/** `floe extend OBJECT_ID --epochs N`: pays to keep a certified blob N more epochs. */
import type { Command } from 'commander';
import { contextFrom } from '../context.ts';
import { openClient, withConfigOption } from './client-setup.ts';
import { parsePositiveInt } from './parse.ts';

export function registerExtend(program: Command): void {
  withConfigOption(
    program
      .command('extend')
      .description("extend a certified blob's storage")
      .argument('<objectId>', 'the Blob object ID (printed by store)')
      .requiredOption('-e, --epochs <n>', 'epochs to add', parsePositiveInt('--epochs')),
  ).action(async (objectId: string, opts: { epochs: number; config?: string }, cmd: Command) => {
    const ctx = contextFrom(cmd);
    const { client, signal, close } = await openClient(ctx, opts.config);
    try {
      const r = await client.extend(objectId, opts.epochs, { signal });
      ctx.print(r, `${r.objectId}: stored until epoch ${r.endEpoch}`);
    } finally {
      await close();
    }
  });
}
