/** `floe delete OBJECT_ID`: deletes a deletable blob; its storage resource is kept for reuse. */
import type { Command } from 'commander';
import { contextFrom } from '../context.ts';
import { openClient, withConfigOption } from './client-setup.ts';

export function registerDelete(program: Command): void {
  withConfigOption(
    program
      .command('delete')
      .description('delete a deletable blob and keep its storage resource')
      .argument('<objectId>', 'the Blob object ID (printed by store)'),
  ).action(async (objectId: string, opts: { config?: string }, cmd: Command) => {
    const ctx = contextFrom(cmd);
    const { client, signal, close } = await openClient(ctx, opts.config);
    try {
      const r = await client.delete(objectId, { signal });
      ctx.print(
        r,
        `${r.objectId}: deleted; storage ${r.storageId} is yours to reuse (floe store --storage ${r.storageId})`,
      );
    } finally {
      await close();
    }
  });
}
