/**
 * `floe stake --node ID --amount N`: stakes N base units (MIST) of the sender's with a node's pool
 * and prints the new StakedFloe's ID; the stake counts from the next epoch.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { normalizeId } from '../../chain/ids.ts';
import { stakeWithNode } from '../../operator/staking.ts';
import { contextFrom } from '../context.ts';
import { openStakerChain, withStakerOptions, type StakerChainOptions } from './staker-chain.ts';

const U64_MAX = (1n << 64n) - 1n;

/** A parser for an amount option (`--amount`, `--stake`): a positive whole number of base units (MIST) that fits a u64. */
export function parseAmount(name: string): (raw: string) => bigint {
  return (raw) => {
    if (!/^\d+$/.test(raw) || BigInt(raw) === 0n || BigInt(raw) > U64_MAX)
      throw new InvalidArgumentError(
        `${name} must be a positive whole number of base units (MIST) up to 2^64-1, got ${JSON.stringify(raw)}`,
      );
    return BigInt(raw);
  };
}

/** Parses an object ID argument (`--node`, `--staked`, `--owner`). */
export function parseObjectId(name: string): (raw: string) => string {
  return (raw) => {
    if (!/^0[xX][0-9a-fA-F]{1,64}$/.test(raw))
      throw new InvalidArgumentError(
        `${name} must be 0x followed by up to 64 hex digits, got ${JSON.stringify(raw)}`,
      );
    return normalizeId(raw, name);
  };
}

export function registerStake(program: Command): void {
  const cmd = program
    .command('stake')
    .description(
      "stake with a storage node's pool from the sender's balance (active from the next epoch)",
    )
    .requiredOption('--node <nodeId>', 'the node (= staking pool) ID', parseObjectId('--node'))
    .requiredOption('--amount <units>', 'amount in base units (MIST)', parseAmount('--amount'));
  withStakerOptions(cmd).action(
    async (opts: StakerChainOptions & { node: string; amount: bigint }, command: Command) => {
      const ctx = contextFrom(command);
      const { chain, close } = await openStakerChain(ctx, opts);
      try {
        const r = await stakeWithNode(chain, opts.node, opts.amount);
        ctx.print(
          { ...r, owner: chain.sender },
          [
            r.stakedId,
            `  staked ${r.amount} with node ${r.nodeId} from ${chain.sender}; active from epoch ${r.activationEpoch}`,
          ].join('\n'),
        );
      } finally {
        await close();
      }
    },
  );
}
