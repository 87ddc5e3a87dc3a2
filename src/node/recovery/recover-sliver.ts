/**
 * Fetching what recovery needs from peers: verified metadata, and enough verified recovery
 * symbols to rebuild one sliver. Every peer answer is checked (metadata against the blob ID,
 * symbols against the metadata); a peer that lies or fails only costs its own answer.
 */
import { blobIdToString } from '../../encoding/blob-id.ts';
import { loadHashEngine } from '../../encoding/hash.ts';
import {
  metadataWithIdFromBcs,
  metadataToBcs,
  verifyMetadata,
  type BlobMetadata,
} from '../../encoding/metadata.ts';
import { bytesEqual } from '../../encoding/merkle.ts';
import type { InconsistencyProof } from '../../encoding/inconsistency.ts';
import { recoverSliver, type RecoverySymbol } from '../../encoding/recovery.ts';
import { sliverToBcs, type SliverAxis } from '../../encoding/sliver.ts';
import { RetryableError } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import { symbolsFromBcs } from './symbols-wire.ts';
import { sliverIndexOfPair } from '../service/sliver-check.ts';

export interface Peer {
  nodeId: string;
  url: string;
  shards: number[];
}

/** No peer had verifiable metadata for the blob (yet). */
export class MetadataUnavailableError extends RetryableError {
  constructor(blobId: string) {
    super('METADATA_UNAVAILABLE', `no peer served valid metadata for blob ${blobId}`);
  }
}

const PEER_TIMEOUT_MS = 15_000;

async function getBytes(fetchFn: typeof fetch, url: string): Promise<Uint8Array | undefined> {
  const res = await fetchFn(url, {
    headers: { accept: 'application/octet-stream' },
    signal: AbortSignal.timeout(PEER_TIMEOUT_MS),
  });
  if (!res.ok) {
    await res.body?.cancel();
    return undefined;
  }
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * Metadata from the first peer whose answer commits to `blobId`.
 * @throws MetadataUnavailableError when none does.
 */
export async function fetchVerifiedMetadata(
  blobId: Uint8Array,
  peers: readonly Peer[],
  fetchFn: typeof fetch,
): Promise<{ metadata: BlobMetadata; bytes: Uint8Array }> {
  const text = blobIdToString(blobId);
  const hash = await loadHashEngine();
  for (const peer of peers) {
    try {
      const bytes = await getBytes(fetchFn, `${peer.url}/v1/blobs/${text}/metadata`);
      if (bytes === undefined) continue;
      const parsed = metadataWithIdFromBcs(bytes);
      if (!bytesEqual(parsed.blobId, blobId)) continue;
      verifyMetadata(hash, blobId, parsed.metadata);
      return { metadata: parsed.metadata, bytes: metadataToBcs(parsed.metadata) };
    } catch {
      // A peer that is down or sends garbage is simply skipped; the next one may answer.
      continue;
    }
  }
  throw new MetadataUnavailableError(text);
}

export interface RecoverSliverArgs {
  blobId: Uint8Array;
  metadata: BlobMetadata;
  pairIndex: number;
  axis: SliverAxis;
  peers: readonly Peer[];
  fetch: typeof fetch;
  log: Logger;
}

/** What a recovery attempt produced: the sliver's BCS, or proof that the blob is inconsistent. */
export type RecoveryOutcome =
  { kind: 'sliver'; bytes: Uint8Array } | { kind: 'inconsistent'; proof: InconsistencyProof };

/**
 * Asks every peer for the recovery symbols of one target sliver and rebuilds it from k verified
 * ones (the encoding core verifies each symbol and the result against the metadata).
 * @throws NotEnoughSliversError when peers gave too few valid symbols (the worker retries).
 */
export async function recoverSliverFromPeers(args: RecoverSliverArgs): Promise<RecoveryOutcome> {
  const { metadata, axis, blobId } = args;
  const n = metadata.hashes.length;
  const target = sliverIndexOfPair(axis, args.pairIndex, n);
  const text = blobIdToString(blobId);
  const answers = await Promise.allSettled(
    args.peers.map(async (peer) => {
      const bytes = await getBytes(
        args.fetch,
        `${peer.url}/v1/blobs/${text}/recoverySymbols?targetSliver=${target}&targetType=${axis}`,
      );
      return bytes === undefined ? [] : symbolsFromBcs(bytes);
    }),
  );
  const symbols: RecoverySymbol[] = [];
  for (const answer of answers) if (answer.status === 'fulfilled') symbols.push(...answer.value);
  const result = await recoverSliver(metadata, axis, target, symbols);
  if (result.kind === 'inconsistent') {
    args.log.warn(
      { axis, target },
      'recovered sliver does not match the metadata: blob is inconsistent',
    );
    return result;
  }
  args.log.debug({ axis, target, offered: symbols.length }, 'decoded sliver from recovery symbols');
  return { kind: 'sliver', bytes: sliverToBcs(result.sliver) };
}
