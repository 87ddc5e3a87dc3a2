/** `floe info`: epoch, committee with shards, prices and the client's balance. */
import type { Command } from 'commander';
import { contextFrom } from '../context.ts';
import type { NetworkInfo } from '../../client/types.ts';
import { openClient, withConfigOption } from './client-setup.ts';

export function registerInfo(program: Command): void {
  withConfigOption(
    program.command('info').description('show the epoch, committee, shards and prices'),
  ).action(async (opts: { config?: string }, cmd: Command) => {
    const ctx = contextFrom(cmd);
    const { client, signal, close } = await openClient(ctx, opts.config);
    try {
      const info = await client.info({ signal });
      ctx.print(info, describe(info));
    } finally {
      await close();
    }
  });
}

function describe(i: NetworkInfo): string {
  const lines = [
    `epoch ${i.epoch} (${i.epochState}), ${i.nShards} shards, ${i.members.length} committee members`,
    `prices per ${i.prices.unitSize} bytes: storage ${i.prices.storagePricePerUnit} MIST/epoch, write ${i.prices.writePricePerUnit} MIST; at most ${i.prices.maxEpochsAhead} epochs ahead`,
    `balance: ${i.balance} MIST`,
  ];
  for (const m of i.members)
    lines.push(
      `  ${m.name.padEnd(12)} ${String(m.shards).padStart(5)} shards  ${m.url}  ${m.nodeId}`,
    );
  return lines.join('\n');
}
