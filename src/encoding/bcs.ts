/**
 * The wire formats of the encoding core, in one place: BCS schemas byte-compatible with Walrus
 * (walrus-core's serde types as the `@mysten/walrus` SDK and the storage-node API carry them),
 * plus `parseBcs`, which turns any parse failure or trailing byte into `InvalidBcsError`.
 * Pinned by golden vectors from `@mysten/walrus-wasm` in test/encoding/bcs.test.ts.
 */
import { bcs, BcsReader, type BcsType } from '@mysten/bcs';
import { InvalidBcsError } from './errors.ts';

/** walrus-core `merkle::Node`: `Empty` (32 zero bytes when hashed) or a digest. */
export const MerkleNodeBcs = bcs.enum('MerkleNode', { Empty: null, Digest: bcs.bytes(32) });

export const SliverPairMetadataBcs = bcs.struct('SliverPairMetadata', {
  primary_hash: MerkleNodeBcs,
  secondary_hash: MerkleNodeBcs,
});

/** Variant index is the encoding-type byte: RedStuff (RaptorQ, retired) = 0, RS2 = 1. */
export const EncodingTypeBcs = bcs.enum('EncodingType', { RedStuff: null, RS2: null });

export const BlobMetadataV1Bcs = bcs.struct('BlobMetadataV1', {
  encoding_type: EncodingTypeBcs,
  unencoded_length: bcs.u64(),
  hashes: bcs.vector(SliverPairMetadataBcs),
});

export const BlobMetadataBcs = bcs.enum('BlobMetadata', { V1: BlobMetadataV1Bcs });

/** A blob ID on the wire: its 32 raw bytes (the u256 in little-endian). */
export const BlobIdBcs = bcs.bytes(32);

/** What `GET /v1/blobs/{id}/metadata` returns. */
export const BlobMetadataWithIdBcs = bcs.struct('BlobMetadataWithId', {
  blob_id: BlobIdBcs,
  metadata: BlobMetadataBcs,
});

/** The preimage of a blob ID: the root is the bare 32-byte digest here, not a `MerkleNode`. */
export const BlobIdComputationBcs = bcs.struct('BlobIdComputation', {
  encoding_type: EncodingTypeBcs,
  unencoded_length: bcs.u64(),
  root: bcs.bytes(32),
});

export const SymbolsBcs = bcs.struct('Symbols', { data: bcs.byteVector(), symbol_size: bcs.u16() });

/** One sliver as `PUT/GET /v1/blobs/{id}/slivers/{pair}/{primary|secondary}` carries it. */
export const SliverDataBcs = bcs.struct('SliverData', { symbols: SymbolsBcs, index: bcs.u16() });

export const SliverBcs = bcs.enum('Sliver', { Primary: SliverDataBcs, Secondary: SliverDataBcs });

export const SliverPairBcs = bcs.struct('SliverPair', {
  primary: SliverDataBcs,
  secondary: SliverDataBcs,
});

/** walrus-core `MerkleProof`: siblings from the leaf up, then the leaf index (usize = u64). */
export const MerkleProofBcs = bcs.struct('MerkleProof', {
  path: bcs.vector(MerkleNodeBcs),
  leaf_index: bcs.u64(),
});

export const DecodingSymbolBcs = bcs.struct('DecodingSymbol', {
  index: bcs.u16(),
  data: bcs.byteVector(),
});

/** Which axis the symbol helps decode: `Primary` symbols rebuild primary slivers. */
export const EitherDecodingSymbolBcs = bcs.enum('EitherDecodingSymbol', {
  Primary: DecodingSymbolBcs,
  Secondary: DecodingSymbolBcs,
});

/** walrus-core `GeneralRecoverySymbol`, as `GET /v1/blobs/{id}/recoverySymbols` returns them. */
export const RecoverySymbolBcs = bcs.struct('GeneralRecoverySymbol', {
  symbol: EitherDecodingSymbolBcs,
  target_index: bcs.u16(),
  proof: MerkleProofBcs,
});

/** walrus-core axis-specific `RecoverySymbol<T, MerkleProof>`, as inconsistency proofs carry them. */
export const AxisRecoverySymbolBcs = bcs.struct('RecoverySymbol', {
  symbol: DecodingSymbolBcs,
  proof: MerkleProofBcs,
});

/** walrus-core `InconsistencyProof<T>` for one axis. */
export const AxisInconsistencyProofBcs = bcs.struct('InconsistencyProof', {
  target_sliver_index: bcs.u16(),
  recovery_symbols: bcs.vector(AxisRecoverySymbolBcs),
});

/** `POST /v1/blobs/{id}/inconsistencyProof/{primary|secondary}` body, tagged by axis. */
export const InconsistencyProofBcs = bcs.enum('InconsistencyProof', {
  Primary: AxisInconsistencyProofBcs,
  Secondary: AxisInconsistencyProofBcs,
});

/**
 * Parses `bytes` as `schema`, requiring every byte to be consumed.
 * @throws InvalidBcsError naming `what` on any malformed or trailing input.
 */
export function parseBcs<T, I>(schema: BcsType<T, I>, bytes: Uint8Array, what: string): T {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${what} bytes must be a Uint8Array`);
  let value: T;
  let consumed: number;
  try {
    const reader = new BcsReader(bytes);
    value = schema.read(reader);
    consumed = (reader as unknown as { bytePosition: number }).bytePosition;
  } catch (cause) {
    throw new InvalidBcsError(what, { cause });
  }
  if (consumed !== bytes.length) {
    throw new InvalidBcsError(what, {
      cause: new Error(`${bytes.length - consumed} trailing bytes`),
    });
  }
  return value;
}

/**
 * Floe's own (not Walrus): one sliver pair's hashes with the Merkle path from their leaf
 * (leaf index = pair index) to the blob root.
 */
export const PairHashProofBcs = bcs.struct('PairHashProof', {
  pair_index: bcs.u16(),
  primary_hash: bcs.bytes(32),
  secondary_hash: bcs.bytes(32),
  path: bcs.vector(MerkleNodeBcs),
});

/** Floe's compact per-node metadata (PROTOCOL.md section 8). */
export const CompactMetadataBcs = bcs.struct('CompactMetadata', {
  blob_id: BlobIdBcs,
  encoding_type: EncodingTypeBcs,
  unencoded_length: bcs.u64(),
  n_shards: bcs.u16(),
  root: bcs.bytes(32),
  pairs: bcs.vector(PairHashProofBcs),
});
