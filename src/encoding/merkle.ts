/**
 * Walrus Merkle trees over Blake2b-256: leaf = H(0x00 || data), inner = H(0x01 || l || r); a level
 * of odd length gets an empty sibling (32 zero bytes, `Node::Empty` in proofs). Trees are built
 * from precomputed leaf hashes so that one symbol hash can serve both the row and column trees.
 */
import { DIGEST_LEN, type HashEngine } from './hash.ts';

/** A proof that a leaf sits at `leafIndex`: sibling hashes from the leaf up (null = empty node). */
export interface MerkleProof {
  path: (Uint8Array | null)[];
  leafIndex: number;
}

const ZERO_NODE = new Uint8Array(DIGEST_LEN);

/** All levels of a tree, leaves first; each level padded to even length except the root level. */
export class MerkleTree {
  private constructor(
    readonly levels: Uint8Array[],
    readonly leafCount: number,
  ) {}

  /** Builds a tree over `count` leaf hashes stored contiguously in `leafHashes`. */
  static fromLeafHashes(engine: HashEngine, leafHashes: Uint8Array, count: number): MerkleTree {
    const levels: Uint8Array[] = [];
    let width = count;
    let level = leafHashes.subarray(0, count * DIGEST_LEN);
    while (width > 1) {
      if (width % 2 === 1) {
        const padded = new Uint8Array((width + 1) * DIGEST_LEN);
        padded.set(level);
        level = padded;
        width += 1;
      }
      levels.push(level);
      const next = new Uint8Array((width / 2) * DIGEST_LEN);
      engine.innerHashes(level, width / 2, next, 0);
      level = next;
      width /= 2;
    }
    levels.push(width === 1 ? level.slice(0, DIGEST_LEN) : ZERO_NODE.slice());
    return new MerkleTree(levels, count);
  }

  /** The root (32 zero bytes for an empty tree). */
  get root(): Uint8Array {
    return this.levels[this.levels.length - 1];
  }

  /**
   * The authentication path of leaf `index`.
   * @throws RangeError if `index` is not a leaf of this tree.
   */
  proof(index: number): MerkleProof {
    if (!Number.isInteger(index) || index < 0 || index >= this.leafCount) {
      throw new RangeError(`leaf index ${index} out of range 0..${this.leafCount - 1}`);
    }
    const path: (Uint8Array | null)[] = [];
    let width = this.leafCount;
    let at = index;
    for (let l = 0; l < this.levels.length - 1; l++) {
      const sibling = at ^ 1;
      path.push(
        sibling >= width
          ? null
          : this.levels[l].slice(sibling * DIGEST_LEN, (sibling + 1) * DIGEST_LEN),
      );
      width = Math.ceil(width / 2);
      at >>= 1;
    }
    return { path, leafIndex: index };
  }
}

/** The Merkle root over `count` contiguous leaf hashes, without keeping the tree. */
export function merkleRootFromLeafHashes(
  engine: HashEngine,
  leafHashes: Uint8Array,
  count: number,
): Uint8Array {
  if (count === 0) return ZERO_NODE.slice();
  let width = count;
  const level = new Uint8Array((count + (count & 1)) * DIGEST_LEN);
  level.set(leafHashes.subarray(0, count * DIGEST_LEN));
  while (width > 1) {
    if (width % 2 === 1) {
      level.fill(0, width * DIGEST_LEN, (width + 1) * DIGEST_LEN);
      width += 1;
    }
    // In-place: output i lands at 32*i, before the pair it came from at 64*i.
    engine.innerHashes(level, width / 2, level, 0);
    width /= 2;
  }
  return level.slice(0, DIGEST_LEN);
}

/** Leaf hash H(0x00 || data) of one leaf. */
export function leafHash(engine: HashEngine, data: Uint8Array): Uint8Array {
  return engine.digest(LEAF_PREFIX, data);
}

/** The root implied by `proof` for a leaf whose hash is `leafHashValue`. */
export function rootFromProof(
  engine: HashEngine,
  leafHashValue: Uint8Array,
  proof: MerkleProof,
): Uint8Array {
  let current = leafHashValue;
  let at = proof.leafIndex;
  for (const sibling of proof.path) {
    const other = sibling ?? ZERO_NODE;
    current =
      at % 2 === 0
        ? engine.digest(INNER_PREFIX, current, other)
        : engine.digest(INNER_PREFIX, other, current);
    at = Math.floor(at / 2);
  }
  return current;
}

/** Whether `proof` shows that `leafData` is leaf `proof.leafIndex` of the tree with `root`. */
export function verifyMerkleProof(
  engine: HashEngine,
  root: Uint8Array,
  leafData: Uint8Array,
  proof: MerkleProof,
): boolean {
  // A path shorter than the index allows would let one leaf stand for several positions.
  if (!Number.isSafeInteger(proof.leafIndex) || proof.leafIndex < 0) return false;
  if (proof.path.length < 53 && proof.leafIndex >= 2 ** proof.path.length) return false;
  return bytesEqual(rootFromProof(engine, leafHash(engine, leafData), proof), root);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const LEAF_PREFIX = new Uint8Array([0]);
const INNER_PREFIX = new Uint8Array([1]);
