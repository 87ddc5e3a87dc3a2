/**
 * `floe withdraw --staked ID`: the next step of taking a stake out of its pool. A stake that has
 * not activated comes back at once; an active one needs two calls: the first requests the
 * withdrawal, the second (from the next epoch on) pays out principal plus rewards. Between the
 * two, the command fails with WITHDRAW_NOT_READY (exit code 5, retry later) naming the epoch.
 */
import type { Command } from 'commander';
import { withdrawStep } from '../../operator/staking.ts';
import { contextFrom } from '../context.ts';
import { parseObjectId } from './stake.ts';
import { openStakerChain, withStakerOptions, type StakerChainOptions } from './staker-chain.ts';

export function registerWithdraw(program: Command): void {
  const cmd = program
    .command('withdraw')
    .description(
      'withdraw a stake: requests the withdrawal of an active stake; run again from the epoch it names to be paid',
    )
    .requiredOption('--staked <id>', 'the StakedFloe object ID', parseObjectId('--staked'));
  withStakerOptions(cmd).action(
    async (opts: StakerChainOptions & { staked: string }, command: Command) => {
      const ctx = contextFrom(command);
      const { chain, close } = await openStakerChain(ctx, opts);
      try {
        const step = await withdrawStep(chain, opts.staked);
        const human =
          step.action === 'requested'
            ? `withdrawal of ${step.stakedId} requested in epoch ${step.currentEpoch}; run again from epoch ${step.readyEpoch} to be paid`
            : `withdrew ${step.stakedId}: ${step.amount} paid to ${chain.sender}` +
              (step.beforeActivation ? ' (the stake had not activated yet)' : '');
        ctx.print({ ...step, owner: chain.sender }, human);
      } finally {
        await close();
      }
    },
  );
}
