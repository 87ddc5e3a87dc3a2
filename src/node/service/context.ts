/**
 * Everything the node's request handlers and background tasks share: the store, the committee
 * view, the signer, the chain (for the few questions events cannot answer yet), metrics, logger.
 */
import type { ChainClient } from '../../chain/types.ts';
import type { ChallengeHooks } from '../challenge/service.ts';
import type { BlobMetadata } from '../../encoding/metadata.ts';
import type { Logger } from '../../util/log.ts';
import type { CommitteeState, CommitteeView } from '../committee-view.ts';
import type { NodeMetrics } from '../metrics.ts';
import type { NodeStore } from '../store/node-store.ts';
import { decodeStoredMetadata, type StoredMetadata } from '../store/stored-metadata.ts';
import type { PreRegistrationBuffer } from './preregistration-buffer.ts';

/** The chain calls the node makes (a subset of `ChainClient`, so any implementation fits). */
export type NodeChain = Pick<
  ChainClient,
  | 'watchEvents'
  | 'getSystemState'
  | 'getEpochState'
  | 'getCommittee'
  | 'getBlobsByBlobId'
  | 'getNode'
  | 'isBlobIdInvalid'
  | 'invalidateBlobId'
  | 'epochSyncDone'
  | 'submitChallengeCertificate'
  | 'openChallengeRound'
  | 'getChallengeRound'
  | 'reportInvalidSymbol'
>;

/** Signs protocol messages with the node's BLS key. */
export interface NodeSigner {
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

/** Background recovery hook: called when a certified blob lacks slivers on this node. */
export interface RecoveryScheduler {
  schedule(blobId: Uint8Array): void;
  /** Queues every certified blob that lacks slivers of the node's current shards. */
  scanStored?(): void;
}

export interface NodeContext {
  nodeId: string;
  store: NodeStore;
  committee: CommitteeState;
  signer: NodeSigner;
  chain: NodeChain | undefined;
  buffer: PreRegistrationBuffer;
  metrics: NodeMetrics;
  log: Logger;
  metadataCache: MetadataCache;
  /** Keep all n pair hashes per blob, or only the root and this node's pairs (section 8). */
  metadataMode: 'full' | 'compact';
  recovery?: RecoveryScheduler;
  /** Told when a new committee gives this node shards it did not hold (shard sync). */
  onShardsGained?: (
    view: CommitteeView,
    previous: CommitteeView | undefined,
    gained: number[],
  ) => void;
  /** Told about every newly applied committee view (epoch_sync_done reporting). */
  onCommittee?: (view: CommitteeView) => void;
  /** Challenge rounds: read pause, event hooks, attesting (src/node/challenge). */
  challenges?: ChallengeHooks;
  /** Full metadata fetched from peers and checked against the blob ID (compact nodes need it). */
  fullMetadata?: (blobId: Uint8Array) => Promise<BlobMetadata>;
}

/** Parsed metadata of recently used blobs (every sliver upload needs it). */
export class MetadataCache {
  private readonly entries = new Map<string, StoredMetadata>();
  constructor(private readonly capacity = 256) {}

  /** The parsed metadata of a stored blob, or undefined when none is stored. */
  get(store: NodeStore, blobId: Uint8Array): StoredMetadata | undefined {
    const key = blobKey(blobId);
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const bytes = store.getMetadata(blobId);
    if (bytes === undefined) return undefined;
    const metadata = decodeStoredMetadata(bytes);
    this.entries.set(key, metadata);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return metadata;
  }

  forget(blobId: Uint8Array): void {
    this.entries.delete(blobKey(blobId));
  }
}

/** The string key (hex) under which per-blob maps (buffer, metadata cache, jobs) hold a blob. */
export function blobKey(blobId: Uint8Array): string {
  return Buffer.from(blobId).toString('hex');
}
