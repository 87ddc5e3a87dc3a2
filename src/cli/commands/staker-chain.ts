/**
 * The chain client of the stake-holder commands (`floe stake`, `withdraw`, `stakes`): a user's
 * client config (`--config FILE` or `$FLOE_CONFIG`, the file `floe store` takes), or, with
 * `--node-config FILE`, a node config whose operator acts (the file `floe node register` wrote:
 * its `chain.sender` on the embedded chain, the `SUI_PRIVATE_KEY`/keystore key on Sui).
 */
import type { Command } from 'commander';
import type { ChainClient } from '../../chain/types.ts';
import { loadClientConfig } from '../../client/config.ts';
import { connectChain } from '../../client/connect.ts';
import { loadNodeConfig } from '../../node/config.ts';
import { connectOperatorChain } from '../../operator/connect.ts';
import { InvalidInputError } from '../../util/errors.ts';
import type { CliContext } from '../context.ts';
import { clientConfigFile } from './client-setup.ts';

export interface StakerChainOptions {
  config?: string;
  nodeConfig?: string;
}

/** Adds `--config FILE` and `--node-config FILE` to a command. */
export function withStakerOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'client config file (default: $FLOE_CONFIG)')
    .option(
      '--node-config <file>',
      'act as the operator of this node config instead (the file floe node register wrote)',
    );
}

/**
 * Connects as the account the options name.
 * @throws InvalidInputError (INVALID_INPUT) when both files are given; INVALID_CLIENT_CONFIG when
 *   neither is given or the client config is bad; INVALID_NODE_CONFIG for a bad node config;
 *   CLIENT_CONFIG_NOT_FOUND / NODE_CONFIG_NOT_FOUND for a missing file; Sui key errors.
 */
export async function openStakerChain(
  ctx: CliContext,
  opts: StakerChainOptions,
): Promise<{ chain: ChainClient; close(): Promise<void> }> {
  if (opts.config !== undefined && opts.nodeConfig !== undefined)
    throw new InvalidInputError('give --config or --node-config, not both');
  if (opts.nodeConfig !== undefined) {
    const config = await loadNodeConfig(opts.nodeConfig);
    return { chain: await connectOperatorChain(config, ctx.log), close: async () => {} };
  }
  const file = clientConfigFile(opts.config);
  const config = await loadClientConfig(file);
  const connected = await connectChain(config.chain, ctx.log);
  return { chain: connected.client, close: () => connected.close() };
}
