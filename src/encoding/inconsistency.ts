/**
 * Inconsistency proofs (PROTOCOL.md section 3): exactly k recovery symbols for one target sliver
 * whose proofs verify against the metadata, but which decode to a sliver whose hash differs from
 * the metadata's. Anyone holding the metadata can check one; a valid proof means the blob was
 * encoded inconsistently (or its hashes were computed wrongly) and must be invalidated.
 */
import { InvalidProofError } from './errors.ts';
import { loadHashEngine } from './hash.ts';
import { bytesEqual } from './merkle.ts';
import type { BlobMetadata } from './metadata.ts';
import { checkMetadataShape } from './metadata.ts';
import { encodingParams, symbolSizeFor } from './params.ts';
import { decodeSymbols, verifyRecoverySymbol, type RecoverySymbol } from './recovery.ts';
import { loadRsEngine } from './rs.ts';
import { symbolsPerSliver, type SliverAxis } from './sliver.ts';
import { computeSliverHashes, expectedSliverHash } from './verify-sliver.ts';

export interface InconsistencyProof {
  /** Axis of the target sliver (Walrus: `Primary` proofs rebuild a primary sliver). */
  axis: SliverAxis;
  targetIndex: number;
  /** Exactly k symbols (k2 for a primary target, k1 for a secondary one), distinct sources. */
  symbols: RecoverySymbol[];
}

/**
 * Checks an inconsistency proof against the metadata.
 * @throws InvalidProofError (with the reason) unless the proof shows an inconsistency.
 */
export async function verifyInconsistencyProof(
  metadata: BlobMetadata,
  proof: InconsistencyProof,
): Promise<void> {
  checkMetadataShape(metadata);
  const params = encodingParams(metadata.hashes.length);
  const s = symbolSizeFor(params, metadata.unencodedLength);
  if (proof === null || typeof proof !== 'object' || !Array.isArray(proof.symbols)) {
    throw new InvalidProofError('inconsistency proof must have a symbols array');
  }
  const { axis, targetIndex } = proof;
  if (axis !== 'primary' && axis !== 'secondary')
    throw new InvalidProofError(`unknown axis ${String(axis)}`);
  if (!Number.isInteger(targetIndex) || targetIndex < 0 || targetIndex >= params.nShards) {
    throw new InvalidProofError(`target index ${targetIndex} out of range`);
  }
  const k = symbolsPerSliver(params, axis);
  if (proof.symbols.length !== k)
    throw new InvalidProofError(`proof has ${proof.symbols.length} symbols, needs exactly ${k}`);
  const hash = await loadHashEngine();
  const sources = new Set<number>();
  for (const symbol of proof.symbols) {
    if (!verifyRecoverySymbol(hash, metadata, symbol, { axis, index: targetIndex })) {
      throw new InvalidProofError(
        `recovery symbol from sliver ${symbol?.sourceIndex} does not verify`,
      );
    }
    if (sources.has(symbol.sourceIndex))
      throw new InvalidProofError(`two symbols from sliver ${symbol.sourceIndex}`);
    sources.add(symbol.sourceIndex);
  }
  const rs = await loadRsEngine();
  const sliver = decodeSymbols(rs, params, s, axis, targetIndex, proof.symbols);
  const [got] = await computeSliverHashes(params, s, axis, [sliver]);
  if (bytesEqual(got, expectedSliverHash(metadata, axis, targetIndex))) {
    throw new InvalidProofError(`the recovered ${axis} sliver ${targetIndex} matches the metadata`);
  }
}
