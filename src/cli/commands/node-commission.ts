/**
 * `floe node commission --config FILE`: collects the commission of the node of a config file,
 * with its cap (`capId`), for its operator (`chain.sender` on the embedded chain, the
 * `SUI_PRIVATE_KEY`/keystore key on Sui).
 */
import type { Command } from 'commander';
import { loadNodeConfig } from '../../node/config.ts';
import { connectOperatorChain } from '../../operator/connect.ts';
import { collectNodeCommission } from '../../operator/staking.ts';
import { InvalidInputError } from '../../util/errors.ts';
import { contextFrom } from '../context.ts';

/** Adds `commission` to the existing `node` command group. */
export function registerNodeCommission(program: Command): void {
  const node = program.commands.find((c) => c.name() === 'node');
  if (node === undefined) throw new Error('the node command group must be registered first');
  node
    .command('commission')
    .description("collect the node's commission on its stakers' rewards, with its cap")
    .requiredOption('--config <file>', 'node config file with nodeId and capId')
    .action(async (opts: { config: string }, cmd: Command) => {
      const ctx = contextFrom(cmd);
      const config = await loadNodeConfig(opts.config);
      if (config.capId === undefined)
        throw new InvalidInputError(
          `node config ${opts.config} has no capId (floe node register writes it)`,
          { code: 'INVALID_NODE_CONFIG' },
        );
      const chain = await connectOperatorChain(config, ctx.log);
      const r = await collectNodeCommission(chain, config.capId);
      ctx.print(
        { ...r, operator: chain.sender },
        r.amount === 0n
          ? `node ${config.name} (${r.nodeId}) had no commission to collect`
          : `collected ${r.amount} of commission of node ${config.name} (${r.nodeId}) for ${chain.sender}`,
      );
    });
}
