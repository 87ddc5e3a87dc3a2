/** `floe stakes [--owner ADDRESS]`: the StakedFloe objects an account holds, with their status. */
import type { Command } from 'commander';
import { listStakes, type ListedStake } from '../../operator/staking.ts';
import { contextFrom } from '../context.ts';
import { parseObjectId } from './stake.ts';
import { openStakerChain, withStakerOptions, type StakerChainOptions } from './staker-chain.ts';

/** What to do next with a stake, in words. */
function next(s: ListedStake): string {
  switch (s.status) {
    case 'pending':
      return `activates at epoch ${s.activationEpoch} (withdraw returns it at once)`;
    case 'active':
      return `active since epoch ${s.activationEpoch}`;
    case 'withdrawing':
      return `withdrawal requested; withdraw again from epoch ${s.withdrawEpoch}`;
    case 'withdrawable':
      return `withdrawable since epoch ${s.withdrawEpoch}; run withdraw to be paid`;
  }
}

export function registerStakes(program: Command): void {
  const cmd = program
    .command('stakes')
    .description('list the stakes (StakedFloe objects) an account holds (default: the sender)')
    .option(
      '--owner <address>',
      'list this account instead of the sender',
      parseObjectId('--owner'),
    );
  withStakerOptions(cmd).action(
    async (opts: StakerChainOptions & { owner?: string }, command: Command) => {
      const ctx = contextFrom(command);
      const { chain, close } = await openStakerChain(ctx, opts);
      try {
        const r = await listStakes(chain, opts.owner);
        const lines = [
          `${r.stakes.length} stake(s) of ${r.owner} in epoch ${r.epoch}`,
          ...r.stakes.map(
            (s) =>
              `${s.stakedId}  ${s.principal} with ${s.nodeName ?? '?'} (${s.nodeId})  ${s.status}: ${next(s)}`,
          ),
        ];
        ctx.print(r, lines.join('\n'));
      } finally {
        await close();
      }
    },
  );
}
