/**
 * The chain client a node process uses, from its config:
 * - `"http"`: the embedded chain over loopback; transactions (`epoch_sync_done`,
 *   `invalidate_blob_id`) are sent as `chain.sender`, the operator that owns the node's cap (the
 *   loopback chain trusts the sender it is told; a placeholder address when none is configured);
 * - `"sui"`: the Floe package on a Sui full node by package and System IDs. Read-only unless the
 *   config has a `capId`, in which case the operator's key comes from `SUI_PRIVATE_KEY` or the
 *   `sui` keystore (src/chain/sui/keys.ts).
 */
import { connectChain } from '../chain/embedded/run.ts';
import type { Logger } from '../util/log.ts';
import type { NodeConfig } from './config.ts';
import type { NodeChain } from './service/context.ts';

const PLACEHOLDER_SENDER = '0x' + '0'.repeat(64);

/**
 * @throws InvalidInputError (SUI_KEY_*) when a Sui key is needed and cannot be loaded; the Sui
 *   adapter's errors when the full node cannot be reached or the System is not shared.
 */
export async function connectNodeChain(
  config: NodeConfig,
  log: Logger,
  fetchFn: typeof fetch = fetch,
): Promise<NodeChain> {
  const chain = config.chain;
  if (chain.kind === 'http') {
    return connectChain({
      baseUrl: chain.url,
      sender: chain.sender ?? PLACEHOLDER_SENDER,
      fetch: fetchFn,
    });
  }
  // Loaded only here: the Sui SDK takes about 0.4 s to import, which every node process on the
  // embedded chain (a local network starts ten) would otherwise pay at start.
  const [{ connectSuiChain }, { loadSuiKeypair }] = await Promise.all([
    import('../chain/sui/connect.ts'),
    import('../chain/sui/keys.ts'),
  ]);
  const signer = config.capId === undefined ? undefined : await loadSuiKeypair();
  return connectSuiChain({
    rpcUrl: chain.url,
    packageId: chain.packageId,
    systemObjectId: chain.systemObjectId,
    ...(signer ? { signer } : {}),
    logger: log.child({ component: 'sui' }),
  });
}
