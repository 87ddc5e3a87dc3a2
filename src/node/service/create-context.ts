/**
 * Assembles a node context from its parts (the node process, tests and the benchmark build the
 * same thing): the committee view restored from the store, a private signer, an empty buffer.
 */
import { publicKeyOf, sign } from '../../crypto/bls.ts';
import type { Logger } from '../../util/log.ts';
import { COMMITTEE_STATE_KEY, CommitteeState, type CommitteeView } from '../committee-view.ts';
import { createNodeMetrics, type NodeMetrics } from '../metrics.ts';
import type { NodeStore } from '../store/node-store.ts';
import { MetadataCache, type NodeChain, type NodeContext, type NodeSigner } from './context.ts';
import { PreRegistrationBuffer } from './preregistration-buffer.ts';

/** Signs with a private copy of the key. @throws RangeError / InvalidInputError on a bad key. */
export function createSigner(secretKey: Uint8Array): NodeSigner {
  const key = Uint8Array.from(secretKey);
  const publicKey = publicKeyOf(key);
  return { publicKey, sign: (message) => sign(key, message) };
}

export interface CreateContextOptions {
  name: string;
  nodeId: string;
  store: NodeStore;
  secretKey: Uint8Array;
  chain: NodeChain | undefined;
  buffer: { maxBytes: number; maxEntries: number };
  log: Logger;
  metrics?: NodeMetrics;
  /** Default 'full'. */
  metadataMode?: 'full' | 'compact';
}

export function createNodeContext(opts: CreateContextOptions): NodeContext {
  const saved = opts.store.getState<CommitteeView>(COMMITTEE_STATE_KEY);
  if (saved) opts.store.openShards(saved.ownShards);
  const metrics = opts.metrics ?? createNodeMetrics({ node: opts.name });
  if (saved) {
    metrics.currentEpoch.set(saved.epoch);
    metrics.ownShards.set(saved.ownShards.length);
  }
  return {
    nodeId: opts.nodeId,
    store: opts.store,
    committee: new CommitteeState(saved),
    signer: createSigner(opts.secretKey),
    chain: opts.chain,
    buffer: new PreRegistrationBuffer(opts.buffer),
    metrics,
    log: opts.log,
    metadataCache: new MetadataCache(),
    metadataMode: opts.metadataMode ?? 'full',
  };
}
