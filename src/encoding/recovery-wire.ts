/**
 * BCS forms of recovery symbols and inconsistency proofs (Walrus's `GeneralRecoverySymbol`,
 * `RecoverySymbol<T, MerkleProof>` and `InconsistencyProof<T>`; schemas in bcs.ts).
 */
import {
  AxisInconsistencyProofBcs,
  InconsistencyProofBcs,
  MerkleProofBcs,
  parseBcs,
  RecoverySymbolBcs,
} from './bcs.ts';
import { InvalidBcsError } from './errors.ts';
import type { InconsistencyProof } from './inconsistency.ts';
import type { MerkleProof } from './merkle.ts';
import type { RecoverySymbol } from './recovery.ts';
import type { SliverAxis } from './sliver.ts';

type WireNode = { Digest?: Iterable<number> | null; Empty?: unknown };
type WireProof = { path: WireNode[]; leaf_index: string | number | bigint };

function proofToWire(proof: MerkleProof) {
  return {
    path: proof.path.map((node) => (node === null ? { Empty: true as const } : { Digest: node })),
    leaf_index: BigInt(proof.leafIndex),
  };
}

function proofFromWire(wire: WireProof): MerkleProof {
  const leafIndex = BigInt(wire.leaf_index);
  if (leafIndex > BigInt(Number.MAX_SAFE_INTEGER))
    throw new InvalidBcsError('MerkleProof leaf_index');
  return {
    path: wire.path.map((node) =>
      node.Digest !== undefined && node.Digest !== null ? Uint8Array.from(node.Digest) : null,
    ),
    leafIndex: Number(leafIndex),
  };
}

/** BCS `GeneralRecoverySymbol`. */
export function recoverySymbolToBcs(symbol: RecoverySymbol): Uint8Array {
  const inner = { index: symbol.sourceIndex, data: symbol.data };
  return RecoverySymbolBcs.serialize({
    symbol: symbol.targetAxis === 'primary' ? { Primary: inner } : { Secondary: inner },
    target_index: symbol.targetIndex,
    proof: proofToWire(symbol.proof),
  }).toBytes();
}

/** @throws InvalidBcsError on malformed bytes. */
export function recoverySymbolFromBcs(bytes: Uint8Array): RecoverySymbol {
  const wire = parseBcs(RecoverySymbolBcs, bytes, 'GeneralRecoverySymbol');
  const targetAxis: SliverAxis = wire.symbol.Primary !== undefined ? 'primary' : 'secondary';
  const inner = wire.symbol.Primary ?? wire.symbol.Secondary!;
  return {
    targetAxis,
    targetIndex: wire.target_index,
    sourceIndex: inner.index,
    data: Uint8Array.from(inner.data),
    proof: proofFromWire(wire.proof),
  };
}

/** BCS `MerkleProof`. */
export function merkleProofToBcs(proof: MerkleProof): Uint8Array {
  return MerkleProofBcs.serialize(proofToWire(proof)).toBytes();
}

/** @throws InvalidBcsError on malformed bytes. */
export function merkleProofFromBcs(bytes: Uint8Array): MerkleProof {
  return proofFromWire(parseBcs(MerkleProofBcs, bytes, 'MerkleProof'));
}

function axisProofToWire(proof: InconsistencyProof) {
  return {
    target_sliver_index: proof.targetIndex,
    recovery_symbols: proof.symbols.map((s) => ({
      symbol: { index: s.sourceIndex, data: s.data },
      proof: proofToWire(s.proof),
    })),
  };
}

function axisProofFromWire(
  wire: ReturnType<typeof AxisInconsistencyProofBcs.parse>,
  axis: SliverAxis,
): InconsistencyProof {
  return {
    axis,
    targetIndex: wire.target_sliver_index,
    symbols: wire.recovery_symbols.map((r) => ({
      targetAxis: axis,
      targetIndex: wire.target_sliver_index,
      sourceIndex: r.symbol.index,
      data: Uint8Array.from(r.symbol.data),
      proof: proofFromWire(r.proof),
    })),
  };
}

/** BCS of the axis-specific proof (the axis travels in the URL: .../inconsistencyProof/{axis}). */
export function inconsistencyProofToBcs(proof: InconsistencyProof): Uint8Array {
  return AxisInconsistencyProofBcs.serialize(axisProofToWire(proof)).toBytes();
}

/** @throws InvalidBcsError on malformed bytes. */
export function inconsistencyProofFromBcs(bytes: Uint8Array, axis: SliverAxis): InconsistencyProof {
  return axisProofFromWire(parseBcs(AxisInconsistencyProofBcs, bytes, 'InconsistencyProof'), axis);
}

/** BCS of the proof tagged with its axis (Walrus's `InconsistencyProof` enum). */
export function taggedInconsistencyProofToBcs(proof: InconsistencyProof): Uint8Array {
  const inner = axisProofToWire(proof);
  return InconsistencyProofBcs.serialize(
    proof.axis === 'primary' ? { Primary: inner } : { Secondary: inner },
  ).toBytes();
}

/** @throws InvalidBcsError on malformed bytes. */
export function taggedInconsistencyProofFromBcs(bytes: Uint8Array): InconsistencyProof {
  const wire = parseBcs(InconsistencyProofBcs, bytes, 'InconsistencyProof');
  return wire.Primary !== undefined
    ? axisProofFromWire(wire.Primary, 'primary')
    : axisProofFromWire(wire.Secondary!, 'secondary');
}
