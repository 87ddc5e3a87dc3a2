/**
 * The chain client a node process uses, from its config: the embedded chain over loopback HTTP
 * (`chain.kind = "http"`). The node mostly reads and follows events; it sends transactions
 * (`epoch_sync_done`, `invalidate_blob_id`) as `chain.sender`, the operator that owns its cap
 * (a placeholder address when none is configured, enough for the calls that need no owner).
 */
import { connectChain } from '../chain/embedded/run.ts';
import { FloeError } from '../util/errors.ts';
import type { NodeChainConfig } from './config.ts';
import type { NodeChain } from './service/context.ts';

/** The config names a chain kind this build of the node cannot reach. */
export class UnsupportedChainError extends FloeError {
  constructor(kind: string) {
    super('UNSUPPORTED_CHAIN', `the storage node cannot follow a "${kind}" chain yet (only "http", the embedded chain)`);
  }
}

const READ_ONLY_SENDER = '0x' + '0'.repeat(64);

/** @throws UnsupportedChainError for `kind: "sui"` (not wired into the node yet). */
export function connectNodeChain(config: NodeChainConfig, fetchFn: typeof fetch = fetch): NodeChain {
  if (config.kind === 'http') return connectChain({ baseUrl: config.url, sender: config.sender ?? READ_ONLY_SENDER, fetch: fetchFn });
  throw new UnsupportedChainError(config.kind);
}
