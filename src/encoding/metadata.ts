/**
 * Metadata V1 and the commitments derived from it (PROTOCOL.md section 2): the blob root is the
 * Merkle root over n leaves primary_hash_p || secondary_hash_p, and the blob ID is Blake2b-256 of
 * BCS { encoding_type, unencoded_length, root }.
 */
import { BlobIdComputationBcs, BlobMetadataBcs, BlobMetadataWithIdBcs, parseBcs } from './bcs.ts';
import { BLOB_ID_LEN, blobIdToString } from './blob-id.ts';
import { InvalidMetadataError } from './errors.ts';
import { DIGEST_LEN, type HashEngine } from './hash.ts';
import { bytesEqual, MerkleTree, merkleRootFromLeafHashes } from './merkle.ts';
import { ENCODING_TYPE_RS2, encodingParams, MAX_SHARDS, MIN_SHARDS } from './params.ts';

/** Hashes of sliver pair p: primary sliver p and secondary sliver n-1-p. */
export interface SliverPairHashes {
  primary: Uint8Array;
  secondary: Uint8Array;
}

export interface BlobMetadata {
  /** Always RS2 (1) for blobs Floe encodes. */
  encodingType: number;
  unencodedLength: number;
  /** One entry per sliver pair; its length is the shard count n. */
  hashes: SliverPairHashes[];
}

/** The n leaves of the blob-root tree hashed: H(0x00 || primary_hash_p || secondary_hash_p). */
export function pairLeafHashes(engine: HashEngine, metadata: BlobMetadata): Uint8Array {
  const n = metadata.hashes.length;
  const pairs = new Uint8Array(n * 2 * DIGEST_LEN);
  metadata.hashes.forEach((h, p) => {
    pairs.set(h.primary, p * 64);
    pairs.set(h.secondary, p * 64 + 32);
  });
  const leaves = new Uint8Array(n * DIGEST_LEN);
  engine.leafHashes(pairs, 64, n, leaves, 0);
  return leaves;
}

/** The blob root: Merkle root over the sliver-pair hashes. */
export function blobRoot(engine: HashEngine, metadata: BlobMetadata): Uint8Array {
  return merkleRootFromLeafHashes(engine, pairLeafHashes(engine, metadata), metadata.hashes.length);
}

/** The full tree over the sliver-pair hashes (for compact metadata paths). */
export function blobRootTree(engine: HashEngine, metadata: BlobMetadata): MerkleTree {
  return MerkleTree.fromLeafHashes(
    engine,
    pairLeafHashes(engine, metadata),
    metadata.hashes.length,
  );
}

/** Blob ID = Blake2b-256(BCS { encoding_type, unencoded_length, root }). */
export function blobIdFromRoot(
  engine: HashEngine,
  encodingType: number,
  unencodedLength: number,
  root: Uint8Array,
): Uint8Array {
  const preimage = BlobIdComputationBcs.serialize({
    encoding_type: encodingType === 0 ? { RedStuff: true } : { RS2: true },
    unencoded_length: BigInt(unencodedLength),
    root,
  }).toBytes();
  return engine.digest(preimage);
}

/** The blob ID that `metadata` commits to. */
export function blobIdFromMetadata(engine: HashEngine, metadata: BlobMetadata): Uint8Array {
  return blobIdFromRoot(
    engine,
    metadata.encodingType,
    metadata.unencodedLength,
    blobRoot(engine, metadata),
  );
}

/**
 * Checks that `metadata` is well formed RS2 metadata for some shard count and commits to `blobId`.
 * @throws InvalidMetadataError otherwise.
 */
export function verifyMetadata(
  engine: HashEngine,
  blobId: Uint8Array,
  metadata: BlobMetadata,
): void {
  checkMetadataShape(metadata);
  if (blobId.length !== BLOB_ID_LEN) throw new InvalidMetadataError('blob ID must be 32 bytes');
  const computed = blobIdFromMetadata(engine, metadata);
  if (!bytesEqual(computed, blobId)) {
    throw new InvalidMetadataError(
      `metadata commits to blob ${blobIdToString(computed)}, not ${blobIdToString(blobId)}`,
    );
  }
}

/** @throws InvalidMetadataError unless the metadata has a valid shape (not checking any hash). */
export function checkMetadataShape(metadata: BlobMetadata): void {
  const n = metadata.hashes.length;
  if (metadata.encodingType !== ENCODING_TYPE_RS2) {
    throw new InvalidMetadataError(`unsupported encoding type ${metadata.encodingType}`);
  }
  if (n < MIN_SHARDS || n > MAX_SHARDS) throw new InvalidMetadataError(`metadata has ${n} pairs`);
  if (!Number.isSafeInteger(metadata.unencodedLength) || metadata.unencodedLength < 0) {
    throw new InvalidMetadataError(`bad unencoded length ${metadata.unencodedLength}`);
  }
  if (metadata.unencodedLength > encodingParams(n).maxBlobSize) {
    throw new InvalidMetadataError(
      `unencoded length ${metadata.unencodedLength} too large for ${n} shards`,
    );
  }
}

type NodeValue = { Digest: Uint8Array | number[] } | { Empty: unknown };

function nodeBytes(node: NodeValue): Uint8Array {
  return 'Digest' in node && node.Digest !== undefined
    ? Uint8Array.from(node.Digest)
    : new Uint8Array(DIGEST_LEN);
}

function toWire(metadata: BlobMetadata) {
  return {
    V1: {
      encoding_type: metadata.encodingType === 0 ? { RedStuff: true } : { RS2: true },
      unencoded_length: BigInt(metadata.unencodedLength),
      hashes: metadata.hashes.map((h) => ({
        primary_hash: { Digest: h.primary },
        secondary_hash: { Digest: h.secondary },
      })),
    },
  };
}

function fromWire(wire: ReturnType<typeof BlobMetadataBcs.parse>): BlobMetadata {
  const v1 = wire.V1;
  const length = BigInt(v1.unencoded_length);
  if (length > BigInt(Number.MAX_SAFE_INTEGER))
    throw new InvalidMetadataError(`unencoded length ${length} too large`);
  return {
    encodingType: 'RS2' in v1.encoding_type && v1.encoding_type.RS2 !== undefined ? 1 : 0,
    unencodedLength: Number(length),
    hashes: v1.hashes.map((h) => ({
      primary: nodeBytes(h.primary_hash as NodeValue),
      secondary: nodeBytes(h.secondary_hash as NodeValue),
    })),
  };
}

/** BCS `BlobMetadata` (the enum with its V1 variant). */
export function metadataToBcs(metadata: BlobMetadata): Uint8Array {
  return BlobMetadataBcs.serialize(toWire(metadata)).toBytes();
}

/** @throws InvalidBcsError / InvalidMetadataError on malformed bytes. */
export function metadataFromBcs(bytes: Uint8Array): BlobMetadata {
  const metadata = fromWire(parseBcs(BlobMetadataBcs, bytes, 'BlobMetadata'));
  checkMetadataShape(metadata);
  return metadata;
}

/** BCS `BlobMetadataWithId`, the body of the storage node's metadata endpoint. */
export function metadataWithIdToBcs(blobId: Uint8Array, metadata: BlobMetadata): Uint8Array {
  return BlobMetadataWithIdBcs.serialize({ blob_id: blobId, metadata: toWire(metadata) }).toBytes();
}

/** @throws InvalidBcsError / InvalidMetadataError on malformed bytes (does not check the ID). */
export function metadataWithIdFromBcs(bytes: Uint8Array): {
  blobId: Uint8Array;
  metadata: BlobMetadata;
} {
  const wire = parseBcs(BlobMetadataWithIdBcs, bytes, 'BlobMetadataWithId');
  const metadata = fromWire(wire.metadata);
  checkMetadataShape(metadata);
  return { blobId: Uint8Array.from(wire.blob_id), metadata };
}
