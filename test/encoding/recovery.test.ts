import { describe, expect, it } from 'vitest';
import { encodeBlob, type EncodedBlob } from '../../src/encoding/encode.ts';
import {
  InvalidBcsError,
  InvalidProofError,
  NotEnoughSliversError,
} from '../../src/encoding/errors.ts';
import { loadHashEngine } from '../../src/encoding/hash.ts';
import { verifyInconsistencyProof } from '../../src/encoding/inconsistency.ts';
import type { BlobMetadata } from '../../src/encoding/metadata.ts';
import {
  prepareRecoverySource,
  recoverSliver,
  verifyRecoverySymbol,
  type RecoverySource,
  type RecoverySymbol,
} from '../../src/encoding/recovery.ts';
import {
  inconsistencyProofFromBcs,
  inconsistencyProofToBcs,
  recoverySymbolFromBcs,
  recoverySymbolToBcs,
  taggedInconsistencyProofFromBcs,
  taggedInconsistencyProofToBcs,
} from '../../src/encoding/recovery-wire.ts';
import type { Sliver, SliverAxis } from '../../src/encoding/sliver.ts';
import { computeSliverHashes } from '../../src/encoding/verify-sliver.ts';
import { hex, sampleBytes } from './helpers.ts';

function sliverOf(blob: EncodedBlob, axis: SliverAxis, index: number): Sliver {
  const n = blob.params.nShards;
  return axis === 'primary' ? blob.pairs[index].primary : blob.pairs[n - 1 - index].secondary;
}

async function sources(blob: EncodedBlob, axis: SliverAxis): Promise<RecoverySource[]> {
  const out: RecoverySource[] = [];
  for (let i = 0; i < blob.params.nShards; i++) {
    out.push(await prepareRecoverySource(blob.params, blob.symbolSize, sliverOf(blob, axis, i)));
  }
  return out;
}

describe('recovery symbols', () => {
  it('rebuild every lost primary and secondary sliver at small n', async () => {
    for (const [n, size] of [
      [4, 10],
      [7, 999],
      [10, 20_000],
    ] as const) {
      const blob = await encodeBlob(sampleBytes(size, n), n);
      const primarySources = await sources(blob, 'primary');
      const secondarySources = await sources(blob, 'secondary');
      for (let lost = 0; lost < n; lost++) {
        // A lost primary sliver comes from the other nodes' secondary slivers, and vice versa;
        // the helper of the lost index itself is not asked.
        for (const [axis, helpers] of [
          ['primary', secondarySources],
          ['secondary', primarySources],
        ] as const) {
          const symbols = helpers.filter((h) => h.sliver.index !== lost).map((h) => h.symbol(lost));
          const result = await recoverSliver(blob.metadata, axis, lost, symbols);
          expect(result.kind).toBe('sliver');
          if (result.kind === 'sliver')
            expect(hex(result.sliver.data), `${axis} ${lost} n=${n}`).toBe(
              hex(sliverOf(blob, axis, lost).data),
            );
        }
      }
    }
  });

  it('proofs verify, survive BCS, and bad symbols are dropped or refused', async () => {
    const blob = await encodeBlob(sampleBytes(5000, 1), 10);
    const hash = await loadHashEngine();
    const helpers = await sources(blob, 'secondary');
    const symbols = helpers.map((h) => h.symbol(3));
    for (const symbol of symbols) {
      const again = recoverySymbolFromBcs(recoverySymbolToBcs(symbol));
      expect(again).toEqual(symbol);
      expect(verifyRecoverySymbol(hash, blob.metadata, again, { axis: 'primary', index: 3 })).toBe(
        true,
      );
    }
    const flipped: RecoverySymbol = { ...symbols[0], data: symbols[0].data.slice() };
    flipped.data[0] ^= 1;
    expect(verifyRecoverySymbol(hash, blob.metadata, flipped)).toBe(false);
    expect(verifyRecoverySymbol(hash, blob.metadata, { ...symbols[0], targetIndex: 4 })).toBe(
      false,
    );
    expect(verifyRecoverySymbol(hash, blob.metadata, { ...symbols[0], sourceIndex: 1 })).toBe(
      false,
    );
    expect(
      verifyRecoverySymbol(hash, blob.metadata, symbols[0], { axis: 'secondary', index: 3 }),
    ).toBe(false);
    // With k2 = 7 and 10 symbols, 3 bad ones are tolerated; a fourth is one too many.
    const bad = symbols.map((s, i) => (i < 3 ? { ...s, data: new Uint8Array(s.data.length) } : s));
    const ok = await recoverSliver(blob.metadata, 'primary', 3, bad);
    expect(ok.kind).toBe('sliver');
    const tooBad = symbols.map((s, i) =>
      i < 4 ? { ...s, data: new Uint8Array(s.data.length) } : s,
    );
    await expect(recoverSliver(blob.metadata, 'primary', 3, tooBad)).rejects.toBeInstanceOf(
      NotEnoughSliversError,
    );
    expect(() => recoverySymbolFromBcs(recoverySymbolToBcs(symbols[0]).subarray(1))).toThrow(
      InvalidBcsError,
    );
    expect(() =>
      recoverySymbolFromBcs(Uint8Array.of(...recoverySymbolToBcs(symbols[0]), 0)),
    ).toThrow(InvalidBcsError);
  });
});

describe('inconsistency proofs', () => {
  /**
   * An inconsistent encoding: secondary sliver 2 is corrupted and the writer commits to the
   * corrupted sliver's real hash, so every sliver checks out alone but the code does not.
   */
  async function inconsistentBlob(): Promise<{
    blob: EncodedBlob;
    metadata: BlobMetadata;
    bad: Sliver;
  }> {
    const blob = await encodeBlob(sampleBytes(7000, 2), 10);
    const good = sliverOf(blob, 'secondary', 2);
    const bad: Sliver = { ...good, data: good.data.slice() };
    bad.data[5] ^= 0xff;
    const [badHash] = await computeSliverHashes(blob.params, blob.symbolSize, 'secondary', [bad]);
    const metadata: BlobMetadata = {
      ...blob.metadata,
      hashes: blob.metadata.hashes.map((h) => ({ ...h })),
    };
    metadata.hashes[10 - 1 - 2].secondary = badHash;
    return { blob, metadata, bad };
  }

  it('a node rebuilding a primary sliver from inconsistent symbols gets a proof others accept', async () => {
    const { blob, metadata, bad } = await inconsistentBlob();
    const helpers = await sources(blob, 'secondary');
    const badSource = await prepareRecoverySource(blob.params, blob.symbolSize, bad);
    // Symbol 2 comes from the corrupted sliver; row 0's symbol (0, 2) is the corrupted byte's row.
    const symbols = [badSource, ...helpers.filter((h) => h.sliver.index !== 2)].map((h) =>
      h.symbol(0),
    );
    const result = await recoverSliver(metadata, 'primary', 0, symbols);
    expect(result.kind).toBe('inconsistent');
    if (result.kind !== 'inconsistent') return;
    await verifyInconsistencyProof(metadata, result.proof);
    // It survives both wire forms.
    await verifyInconsistencyProof(
      metadata,
      inconsistencyProofFromBcs(inconsistencyProofToBcs(result.proof), 'primary'),
    );
    await verifyInconsistencyProof(
      metadata,
      taggedInconsistencyProofFromBcs(taggedInconsistencyProofToBcs(result.proof)),
    );
    // Against the honest metadata the proof's symbol from sliver 2 no longer verifies.
    await expect(verifyInconsistencyProof(blob.metadata, result.proof)).rejects.toBeInstanceOf(
      InvalidProofError,
    );
  });

  it('rejects proofs of consistent slivers, short proofs, duplicated and moved symbols', async () => {
    const blob = await encodeBlob(sampleBytes(7000, 3), 10);
    const helpers = await sources(blob, 'secondary');
    const symbols = helpers.map((h) => h.symbol(1)).slice(0, blob.params.k2);
    const honest = { axis: 'primary' as const, targetIndex: 1, symbols };
    await expect(verifyInconsistencyProof(blob.metadata, honest)).rejects.toThrow(
      /matches the metadata/,
    );
    await expect(
      verifyInconsistencyProof(blob.metadata, { ...honest, symbols: symbols.slice(1) }),
    ).rejects.toBeInstanceOf(InvalidProofError);
    await expect(
      verifyInconsistencyProof(blob.metadata, {
        ...honest,
        symbols: [symbols[0], ...symbols.slice(0, -1)],
      }),
    ).rejects.toBeInstanceOf(InvalidProofError);
    await expect(
      verifyInconsistencyProof(blob.metadata, { ...honest, targetIndex: 2 }),
    ).rejects.toBeInstanceOf(InvalidProofError);
    // Tampered metadata (a wrong hash for the target) is what a valid proof exposes.
    const tampered: BlobMetadata = {
      ...blob.metadata,
      hashes: blob.metadata.hashes.map((h) => ({ ...h })),
    };
    tampered.hashes[1].primary = new Uint8Array(32);
    await verifyInconsistencyProof(tampered, honest);
  });
});
