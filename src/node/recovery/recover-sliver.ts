/**
 * Fetching what recovery needs from peers: verified metadata, and enough verified recovery
 * symbols to rebuild one sliver. Every peer answer is checked (metadata against the blob ID,
 * symbols against the metadata); a peer that lies or fails only costs its own answer.
 */
import { blobIdToString } from '../../encoding/blob-id.ts';
import { loadHashEngine } from '../../encoding/hash.ts';
import { metadataWithIdFromBcs, metadataToBcs, verifyMetadata, type BlobMetadata } from '../../encoding/metadata.ts';
import { bytesEqual } from '../../encoding/merkle.ts';
import { encodingParams, symbolSizeFor } from '../../encoding/params.ts';
import { sliverToBcs, type SliverAxis } from '../../encoding/sliver.ts';
import { verifySliver } from '../../encoding/verify-sliver.ts';
import { InconsistentEncodingError, NotEnoughSliversError } from '../../encoding/errors.ts';
import { RetryableError } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import { decodeFromSymbols, symbolsFromBcs, verifyRecoverySymbol, type RecoverySymbol } from './symbols.ts';

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
  const res = await fetchFn(url, { headers: { accept: 'application/octet-stream' }, signal: AbortSignal.timeout(PEER_TIMEOUT_MS) });
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

/**
 * Rebuilds one sliver of pair `pairIndex` and returns its BCS `SliverData`, checked against the
 * metadata.
 * @throws NotEnoughSliversError when peers gave too few valid symbols (retryable by the worker);
 *   InconsistentEncodingError when the decoded sliver does not match the metadata.
 */
export async function recoverSliver(args: RecoverSliverArgs): Promise<Uint8Array> {
  const { metadata, axis, blobId } = args;
  const n = metadata.hashes.length;
  const params = encodingParams(n);
  const symbolSize = symbolSizeFor(params, metadata.unencodedLength);
  const target = axis === 'primary' ? args.pairIndex : n - 1 - args.pairIndex;
  const k = axis === 'primary' ? params.k2 : params.k1;
  const text = blobIdToString(blobId);
  const collected = new Map<number, RecoverySymbol>();

  const answers = await Promise.allSettled(
    args.peers.map(async (peer) => {
      const bytes = await getBytes(args.fetch, `${peer.url}/v1/blobs/${text}/recoverySymbols?targetSliver=${target}&targetType=${axis}`);
      return bytes === undefined ? [] : symbolsFromBcs(bytes);
    }),
  );
  for (const answer of answers) {
    if (answer.status !== 'fulfilled') continue;
    for (const sym of answer.value) {
      if (sym.targetAxis !== axis || sym.targetIndex !== target || collected.has(sym.sourceIndex)) continue;
      if (await verifyRecoverySymbol(metadata, sym)) collected.set(sym.sourceIndex, sym);
    }
  }
  if (collected.size < k) throw new NotEnoughSliversError(`verified recovery symbols for ${axis} sliver ${target}`, k, collected.size);
  const data = await decodeFromSymbols(metadata, axis, [...collected.values()]);
  const sliver = { axis, index: target, symbolSize, data };
  try {
    await verifySliver(metadata, sliver);
  } catch (cause) {
    throw new InconsistentEncodingError(`recovered ${axis} sliver ${target} of blob ${text} does not match its metadata`, { cause });
  }
  args.log.debug({ axis, target, symbols: collected.size }, 'decoded sliver from recovery symbols');
  return sliverToBcs(sliver);
}
