/**
 * Recovery symbols (PROTOCOL.md section 3), composed from the encoding core's kernels:
 *
 * - Serving: a helper holding sliver x of one axis expands it to n symbols along the other code;
 *   symbol t of that expansion is the matrix element shared with target sliver t of the other
 *   axis. It is sent with its Merkle proof against x's hash (leaf t of x's tree).
 * - Recovering: k verified symbols at distinct positions of the target's expanded codeword
 *   decode to the target sliver (k = k2 for a primary target, k1 for a secondary one).
 *
 * Wire form: Walrus's `GeneralRecoverySymbol { symbol: Primary|Secondary { index, data },
 * target_index, proof }`, where the variant names the axis of the target and `index` is the
 * helper sliver's index (the position in the target's codeword).
 */
import { RecoverySymbolBcs, parseBcs } from '../../encoding/bcs.ts';
import { bcs } from '@mysten/bcs';
import { expandAndHash } from '../../encoding/expand.ts';
import { DIGEST_LEN, loadHashEngine } from '../../encoding/hash.ts';
import { MerkleTree, bytesEqual, rootFromProof, leafHash, type MerkleProof } from '../../encoding/merkle.ts';
import type { BlobMetadata } from '../../encoding/metadata.ts';
import { encodingParams, symbolSizeFor } from '../../encoding/params.ts';
import { loadRsEngine } from '../../encoding/rs.ts';
import type { Sliver, SliverAxis } from '../../encoding/sliver.ts';
import { expectedSliverHash } from '../../encoding/verify-sliver.ts';
import { NotEnoughSliversError } from '../../encoding/errors.ts';

export interface RecoverySymbol {
  /** Axis of the sliver this symbol helps rebuild. */
  targetAxis: SliverAxis;
  targetIndex: number;
  /** Index of the helper sliver (other axis) = position in the target's codeword. */
  sourceIndex: number;
  data: Uint8Array;
  proof: MerkleProof;
}

const other = (axis: SliverAxis): SliverAxis => (axis === 'primary' ? 'secondary' : 'primary');

/**
 * The symbols a helper sliver contributes to each of `targets` (sliver indices of the other axis).
 * @throws RangeError if a target index is out of range.
 */
export async function symbolsFromSliver(nShards: number, helper: Sliver, targets: readonly number[]): Promise<RecoverySymbol[]> {
  const params = encodingParams(nShards);
  const k = helper.axis === 'primary' ? params.k2 : params.k1;
  const s = helper.symbolSize;
  const [rs, hash] = await Promise.all([loadRsEngine(), loadHashEngine()]);
  const leaves = new Uint8Array(nShards * DIGEST_LEN);
  const { originals, recovery } = expandAndHash(rs, hash, k, nShards - k, s, helper.data, 1, leaves, 1, 0);
  const tree = MerkleTree.fromLeafHashes(hash, leaves, nShards);
  return targets.map((t) => {
    if (!Number.isInteger(t) || t < 0 || t >= nShards) throw new RangeError(`target index ${t} out of range`);
    const data = t < k ? originals.slice(t * s, (t + 1) * s) : recovery.slice((t - k) * s, (t - k + 1) * s);
    return { targetAxis: other(helper.axis), targetIndex: t, sourceIndex: helper.index, data, proof: tree.proof(t) };
  });
}

/** Whether `sym` is genuine: its proof leads to the helper sliver's hash in `metadata`. */
export async function verifyRecoverySymbol(metadata: BlobMetadata, sym: RecoverySymbol): Promise<boolean> {
  const n = metadata.hashes.length;
  const s = symbolSizeFor(encodingParams(n), metadata.unencodedLength);
  if (sym.data.length !== s || sym.sourceIndex < 0 || sym.sourceIndex >= n) return false;
  if (sym.proof.leafIndex !== sym.targetIndex) return false;
  const hash = await loadHashEngine();
  const root = rootFromProof(hash, leafHash(hash, sym.data), sym.proof);
  return bytesEqual(root, expectedSliverHash(metadata, other(sym.targetAxis), sym.sourceIndex));
}

/**
 * Decodes target sliver data from verified symbols (distinct source indices, at least k).
 * @throws NotEnoughSliversError with fewer than k distinct symbols.
 */
export async function decodeFromSymbols(metadata: BlobMetadata, axis: SliverAxis, symbols: readonly RecoverySymbol[]): Promise<Uint8Array> {
  const n = metadata.hashes.length;
  const params = encodingParams(n);
  const s = symbolSizeFor(params, metadata.unencodedLength);
  const k = axis === 'primary' ? params.k2 : params.k1;
  const seen = new Map<number, RecoverySymbol>();
  for (const sym of symbols) if (!seen.has(sym.sourceIndex)) seen.set(sym.sourceIndex, sym);
  if (seen.size < k) throw new NotEnoughSliversError('recovery symbols', k, seen.size);
  const picked = [...seen.values()].slice(0, k);
  const shards = new Uint8Array(k * s);
  picked.forEach((sym, i) => shards.set(sym.data, i * s));
  const rs = await loadRsEngine();
  const out = new Uint8Array(k * s);
  rs.decode(k, n - k, s, 1, shards, picked.map((sym) => sym.sourceIndex), out);
  return out;
}

type WireNode = { Empty: true } | { Digest: Uint8Array };

/** BCS `vector<GeneralRecoverySymbol>`. */
export function symbolsToBcs(symbols: readonly RecoverySymbol[]): Uint8Array {
  return bcs
    .vector(RecoverySymbolBcs)
    .serialize(
      symbols.map((sym) => ({
        symbol: sym.targetAxis === 'primary'
          ? { Primary: { index: sym.sourceIndex, data: sym.data } }
          : { Secondary: { index: sym.sourceIndex, data: sym.data } },
        target_index: sym.targetIndex,
        proof: {
          path: sym.proof.path.map((p): WireNode => (p === null ? { Empty: true } : { Digest: p })),
          leaf_index: BigInt(sym.proof.leafIndex),
        },
      })),
    )
    .toBytes();
}

/** @throws InvalidBcsError on malformed bytes. */
export function symbolsFromBcs(bytes: Uint8Array): RecoverySymbol[] {
  const wire = parseBcs(bcs.vector(RecoverySymbolBcs), bytes, 'vector<GeneralRecoverySymbol>');
  return wire.map((w) => {
    const primary = w.symbol.Primary;
    const sym = primary ?? w.symbol.Secondary!;
    return {
      targetAxis: primary ? 'primary' : 'secondary',
      targetIndex: w.target_index,
      sourceIndex: sym.index,
      data: Uint8Array.from(sym.data),
      proof: {
        path: w.proof.path.map((p) => (p.Digest !== undefined && p.Digest !== null ? Uint8Array.from(p.Digest) : null)),
        leafIndex: Number(w.proof.leaf_index),
      },
    };
  });
}
