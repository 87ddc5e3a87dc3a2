/**
 * The operator's chain client for a node config: the chain the node follows, sending as the
 * operator who will own the node's cap and stake.
 * - `"http"` (the embedded chain on loopback): the sender is `chain.sender`, which must be set
 *   (the loopback chain trusts the sender it is told; a local network's operator address is in
 *   DIR/operator.json);
 * - `"sui"`: the key from `SUI_PRIVATE_KEY` or the `sui` keystore (src/chain/sui/keys.ts); the
 *   sender is its address.
 */
import { connectChain } from '../chain/embedded/run.ts';
import type { LoadKeypairOptions } from '../chain/sui/keys.ts';
import type { ChainClient } from '../chain/types.ts';
import type { NodeConfig } from '../node/config.ts';
import { InvalidInputError } from '../util/errors.ts';
import type { Logger } from '../util/log.ts';

/**
 * @throws InvalidInputError (INVALID_NODE_CONFIG) when an http config has no `chain.sender`;
 *   InvalidInputError (SUI_KEY_*) when no Sui key can be loaded; Sui adapter errors.
 */
export async function connectOperatorChain(
  config: NodeConfig,
  log: Logger,
  opts: { keys?: LoadKeypairOptions; fetch?: typeof fetch } = {},
): Promise<ChainClient> {
  const chain = config.chain;
  if (chain.kind === 'http') {
    if (chain.sender === undefined) {
      throw new InvalidInputError(
        'node config: chain.sender (the operator address that will own the node cap) is required to register on the embedded chain',
        { code: 'INVALID_NODE_CONFIG' },
      );
    }
    return connectChain({ baseUrl: chain.url, sender: chain.sender, fetch: opts.fetch });
  }
  // Loaded only for Sui: importing the Sui SDK costs every embedded-chain command ~0.4 s, and the
  // CLI imports this module for every command.
  const [{ connectSuiChain }, { loadSuiKeypair }] = await Promise.all([
    import('../chain/sui/connect.ts'),
    import('../chain/sui/keys.ts'),
  ]);
  return connectSuiChain({
    rpcUrl: chain.url,
    packageId: chain.packageId,
    systemObjectId: chain.systemObjectId,
    signer: await loadSuiKeypair(opts.keys),
    logger: log.child({ component: 'sui' }),
  });
}
