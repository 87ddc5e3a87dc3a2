/**
 * The check a challenge answer must pass, the same one `slashing::report_invalid_symbol` makes on
 * chain (move/DESIGN.md): the symbol's leaf H(0x00 || symbol) goes up `sliver_path` by
 * `symbol_index` to a sliver hash; the pair leaf H(0x00 || primary || secondary), with that hash
 * in the axis' slot and `other_hash` in the other, goes up `pair_path` by `pair_index` to a root
 * that must equal `root_hash`. A signed symbol that fails it is evidence the chain will punish;
 * so the prover runs it too before it signs anything.
 */
import { Axis, type SignedSymbolMessage } from '../../crypto/messages.ts';
import { blobIdFromU256 } from '../../encoding/blob-id.ts';
import type { HashEngine } from '../../encoding/hash.ts';
import { bytesEqual, leafHash, rootFromProof } from '../../encoding/merkle.ts';
import { blobIdFromRoot } from '../../encoding/metadata.ts';
import { ENCODING_TYPE_RS2 } from '../../encoding/params.ts';

const LEAF_PREFIX = Uint8Array.of(0);

/** Whether a u16 leaf index can be addressed by a path of `depth` siblings (as on chain). */
function indexFits(index: number, depth: number): boolean {
  return depth >= 16 || index >> depth === 0;
}

/** Whether both Merkle paths of `m` lead to its `root_hash`. Never throws on bad input. */
export function signedSymbolPathsValid(hash: HashEngine, m: SignedSymbolMessage): boolean {
  if (m.axis !== Axis.primary && m.axis !== Axis.secondary) return false;
  if (!indexFits(m.symbolIndex, m.sliverPath.length)) return false;
  if (!indexFits(m.pairIndex, m.pairPath.length)) return false;
  const sliverHash = rootFromProof(hash, leafHash(hash, m.symbol), {
    path: m.sliverPath,
    leafIndex: m.symbolIndex,
  });
  const pairLeaf =
    m.axis === Axis.primary
      ? hash.digest(LEAF_PREFIX, sliverHash, m.otherHash)
      : hash.digest(LEAF_PREFIX, m.otherHash, sliverHash);
  const root = rootFromProof(hash, pairLeaf, { path: m.pairPath, leafIndex: m.pairIndex });
  return bytesEqual(root, blobIdFromU256(m.rootHash));
}

/**
 * Whether `m`'s blob ID is the one its (encoding type, size, root) commit to: without that the
 * chain cannot tie the symbol to a registered blob, so a bad path is no evidence.
 */
export function signedSymbolBlobIdValid(hash: HashEngine, m: SignedSymbolMessage): boolean {
  if (m.encodingType !== ENCODING_TYPE_RS2) return false;
  if (m.size > BigInt(Number.MAX_SAFE_INTEGER)) return false;
  const id = blobIdFromRoot(hash, m.encodingType, Number(m.size), blobIdFromU256(m.rootHash));
  return bytesEqual(id, blobIdFromU256(m.blobId));
}

/**
 * Whether `report_invalid_symbol` would punish `m` once its signature checks out: the chain's
 * parser takes it (axis 0 or 1; `parseSignedSymbol` here accepts any u8), its blob ID commits to
 * its root, and its paths do not reach that root. Anything else is refused on chain
 * (`EInvalidAxis`, `EBlobIdMismatch`, `EProofValid`), so it is no evidence. Never throws.
 */
export function signedSymbolPunishable(hash: HashEngine, m: SignedSymbolMessage): boolean {
  if (m.axis !== Axis.primary && m.axis !== Axis.secondary) return false;
  return signedSymbolBlobIdValid(hash, m) && !signedSymbolPathsValid(hash, m);
}

/**
 * The sliver hash `m`'s symbol path leads to (for comparison with metadata a node holds).
 */
export function signedSymbolSliverHash(hash: HashEngine, m: SignedSymbolMessage): Uint8Array {
  return rootFromProof(hash, leafHash(hash, m.symbol), {
    path: m.sliverPath,
    leafIndex: m.symbolIndex,
  });
}
