/**
 * Generates the BLS test vectors of the Move unit tests: four storage-node keys with their
 * proofs of possession, blob certificates, an invalid-blob-id certificate, challenge
 * certificates, equivocating attestations and signed symbols (one valid, one forged, one with a
 * wrong blob ID), all made off chain with `@noble/curves` `bls12_381.longSignatures` (Sui's
 * min_pk) exactly as storage nodes make them. Keys come from fixed seeds, so the output is
 * stable.
 *
 *   npm run gen:move-vectors            # writes move/tests/test_vectors.move (formatted)
 *   npm run gen:move-vectors -- --print # prints the module instead
 *
 * test/move/vectors.test.ts regenerates it in memory and fails when the file differs.
 *
 * The layout the vectors assume (the tests build it): n_shards = 10, nodes with IDs 0xa1..0xa4
 * registered by OPERATOR at epoch 0, equal stake, so the epoch-1 committee is the four nodes in
 * that order with 3, 3, 2, 2 shards.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { blake2b } from '@noble/hashes/blake2.js';

const bls = bls12_381.longSignatures;
const OUT = 'move/tests/test_vectors.move';

const OPERATOR = 0xa11cen;
const NODE_IDS = [0xa1n, 0xa2n, 0xa3n, 0xa4n];
const EPOCH = 1;
const N_SHARDS = 10;
const BLOB_SIZE = 1000n;
const RS2 = 1;

const enc = new TextEncoder();
const h = (...parts: Uint8Array[]): Uint8Array => blake2b(concat(...parts), { dkLen: 32 });

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function le(value: bigint, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}

function address(value: bigint): Uint8Array {
  return le(value, 32).reverse(); // addresses are big-endian 32 bytes
}

function uleb(n: number): Uint8Array {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return Uint8Array.from(out);
}

const bcsBytes = (b: Uint8Array): Uint8Array => concat(uleb(b.length), b);
const bcsVecBytes = (v: Uint8Array[]): Uint8Array => concat(uleb(v.length), ...v.map(bcsBytes));

function header(intent: number, epoch: number): Uint8Array {
  return concat(Uint8Array.of(intent, 0, 3), le(BigInt(epoch), 4));
}

/** u256 from 32 little-endian bytes, as a Move literal. */
function u256Literal(bytes: Uint8Array): string {
  return '0x' + Buffer.from(bytes).reverse().toString('hex');
}

const hex = (b: Uint8Array): string => `x"${Buffer.from(b).toString('hex')}"`;

// --- keys -------------------------------------------------------------------------------------

const keys = NODE_IDS.map((_, i) => {
  const seed = blake2b(enc.encode(`floe-move-test-node-${i}`), { dkLen: 48 });
  const { secretKey, publicKey } = bls.keygen(seed);
  return { secretKey, publicKey: publicKey.toBytes(true) };
});

function sign(message: Uint8Array, signer: number): Uint8Array {
  return bls.sign(bls.hash(message), keys[signer]!.secretKey).toBytes(true);
}

function aggregate(message: Uint8Array, signers: number[]): Uint8Array {
  const sigs = signers.map((s) => bls.sign(bls.hash(message), keys[s]!.secretKey));
  return bls.aggregateSignatures(sigs).toBytes(true);
}

const pops = keys.map((k) => {
  const message = concat(header(0, 0), address(OPERATOR), bcsBytes(k.publicKey));
  return bls.sign(bls.hash(message), k.secretKey).toBytes(true);
});

// --- Merkle trees (leaf = H(0x00 || data), inner = H(0x01 || l || r), odd levels padded with 32 zero bytes)

function merkle(leafHashes: Uint8Array[]): {
  root: Uint8Array;
  path: (index: number) => Uint8Array[];
} {
  const levels: Uint8Array[][] = [leafHashes];
  while (levels[levels.length - 1]!.length > 1) {
    const level = [...levels[levels.length - 1]!];
    if (level.length % 2 === 1) level.push(new Uint8Array(32));
    levels[levels.length - 1] = level;
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(h(Uint8Array.of(1), level[i]!, level[i + 1]!));
    levels.push(next);
  }
  return {
    root: levels[levels.length - 1]![0]!,
    path: (index: number) => {
      const out: Uint8Array[] = [];
      let i = index;
      for (let l = 0; l < levels.length - 1; l++) {
        out.push(levels[l]![i ^ 1]!);
        i >>= 1;
      }
      return out;
    },
  };
}

const leaf = (data: Uint8Array): Uint8Array => h(Uint8Array.of(0), data);

// One expanded primary sliver (pair 2) of N_SHARDS symbols, and the other pairs' hashes.
const PAIR = 2;
const SYMBOL = 5;
const symbols = Array.from({ length: N_SHARDS }, (_, i) =>
  h(enc.encode(`floe-symbol-${i}`)).slice(0, 36),
);
const sliverTree = merkle(symbols.map(leaf));
const otherHash = h(enc.encode('floe-secondary-2'));
const pairs = Array.from({ length: N_SHARDS }, (_, p) =>
  p === PAIR
    ? [sliverTree.root, otherHash]
    : [h(enc.encode(`floe-p-${p}`)), h(enc.encode(`floe-s-${p}`))],
);
const pairTree = merkle(pairs.map(([a, b]) => leaf(concat(a!, b!))));
const root = pairTree.root;
const blobId = h(Uint8Array.of(RS2), le(BLOB_SIZE, 8), root);

function signedSymbol(symbol: Uint8Array, id: Uint8Array): Uint8Array {
  return concat(
    header(5, EPOCH),
    id,
    Uint8Array.of(RS2),
    le(BLOB_SIZE, 8),
    root,
    le(BigInt(PAIR), 2),
    Uint8Array.of(0),
    le(BigInt(SYMBOL), 2),
    bcsBytes(symbol),
    bcsVecBytes(sliverTree.path(SYMBOL)),
    bcsBytes(otherHash),
    bcsVecBytes(pairTree.path(PAIR)),
    le(1n, 8),
  );
}

const forgedSymbol = Uint8Array.from(symbols[SYMBOL]!);
forgedSymbol[0] ^= 0xff;
const validSymbolMsg = signedSymbol(symbols[SYMBOL]!, blobId);
const forgedSymbolMsg = signedSymbol(forgedSymbol, blobId);
const wrongIdSymbolMsg = signedSymbol(forgedSymbol, h(enc.encode('not-the-blob')));

// --- certificates -----------------------------------------------------------------------------

const certMsg = concat(header(1, EPOCH), blobId, Uint8Array.of(0));
const otherBlobId = h(enc.encode('floe-invalid-blob'));
const invalidMsg = concat(header(2, EPOCH), otherBlobId);
const attestation = (round: number, node: number, verdict: number): Uint8Array =>
  concat(header(4, EPOCH), le(BigInt(round), 8), address(NODE_IDS[node]!), Uint8Array.of(verdict));
const ROUNDS = [1, 2, 3];
const challengeMsgs = ROUNDS.map((r) => NODE_IDS.map((_, n) => attestation(r, n, 1)));
const challengeSigs = challengeMsgs.map((row) => row.map((m) => aggregate(m, [0, 1, 2, 3])));
const equivocationA = attestation(1, 0, 1);
const equivocationB = attestation(1, 0, 0);

// --- output -----------------------------------------------------------------------------------

const vec = (items: Uint8Array[]): string =>
  `vector[\n${items.map((b) => `        ${hex(b)},`).join('\n')}\n    ]`;

const move = `// Copyright (c) Floe contributors
// SPDX-License-Identifier: Apache-2.0

// GENERATED by scripts/move-test-vectors.ts (npm run gen:move-vectors); do not edit by hand.
// BLS12-381 min_pk signatures made off chain with @noble/curves for the layout described there.

#[test_only]
module floe::test_vectors;

/// Registers every node; signs the proofs of possession.
public fun operator(): address { @${'0x' + OPERATOR.toString(16)} }

public fun node_count(): u64 { ${NODE_IDS.length} }

public fun node_id(i: u64): ID {
    let ids = vector[${NODE_IDS.map((id) => '@0x' + id.toString(16)).join(', ')}];
    object::id_from_address(ids[i])
}

public fun public_key(i: u64): vector<u8> {
    let keys = ${vec(keys.map((k) => k.publicKey))};
    keys[i]
}

/// Proof of possession for epoch 0, sender \`operator()\`.
public fun proof_of_possession(i: u64): vector<u8> {
    let pops = ${vec(pops)};
    pops[i]
}

public fun blob_size(): u64 { ${BLOB_SIZE} }

public fun blob_root(): u256 { ${u256Literal(root)} }

public fun blob_id(): u256 { ${u256Literal(blobId)} }

/// Blob certificate (permanent) for epoch ${EPOCH}.
public fun certificate_message(): vector<u8> { ${hex(certMsg)} }

/// Signed by all four members (bitmap 0x0f).
public fun certificate_signature_all(): vector<u8> {
    ${hex(aggregate(certMsg, [0, 1, 2, 3]))}
}

/// Signed by members 0, 1, 2 (bitmap 0x07, weight 8 of 10).
public fun certificate_signature_three(): vector<u8> {
    ${hex(aggregate(certMsg, [0, 1, 2]))}
}

public fun invalid_blob_id(): u256 { ${u256Literal(otherBlobId)} }

/// Invalid-blob-id message for epoch ${EPOCH}.
public fun invalid_blob_message(): vector<u8> { ${hex(invalidMsg)} }

/// Signed by members 0 and 1 (bitmap 0x03, weight 6 of 10: validity, not quorum).
public fun invalid_blob_signature(): vector<u8> {
    ${hex(aggregate(invalidMsg, [0, 1]))}
}

/// Attestation "node passed round" (round 1..=3, verdict 1) for epoch ${EPOCH}.
public fun challenge_message(round: u64, node: u64): vector<u8> {
    let messages = vector[
${challengeMsgs.map((row) => row.map((m) => `        ${hex(m)},`).join('\n')).join('\n')}
    ];
    messages[(round - 1) * ${NODE_IDS.length} + node]
}

/// Signed by all four members (bitmap 0x0f).
public fun challenge_signature(round: u64, node: u64): vector<u8> {
    let signatures = vector[
${challengeSigs.map((row) => row.map((s) => `        ${hex(s)},`).join('\n')).join('\n')}
    ];
    signatures[(round - 1) * ${NODE_IDS.length} + node]
}

/// Node 3 attests that node 0 passed round 1, and that it failed.
public fun equivocation_message_a(): vector<u8> { ${hex(equivocationA)} }

public fun equivocation_signature_a(): vector<u8> { ${hex(sign(equivocationA, 3))} }

public fun equivocation_message_b(): vector<u8> { ${hex(equivocationB)} }

public fun equivocation_signature_b(): vector<u8> { ${hex(sign(equivocationB, 3))} }

/// Node 1's signed symbol ${SYMBOL} of primary sliver ${PAIR} with correct paths.
public fun valid_symbol_message(): vector<u8> { ${hex(validSymbolMsg)} }

public fun valid_symbol_signature(): vector<u8> { ${hex(sign(validSymbolMsg, 1))} }

/// The same with one symbol byte flipped: the paths no longer lead to the root.
public fun forged_symbol_message(): vector<u8> { ${hex(forgedSymbolMsg)} }

public fun forged_symbol_signature(): vector<u8> { ${hex(sign(forgedSymbolMsg, 1))} }

/// A forged symbol whose signed blob ID is not derived from its root.
public fun wrong_id_symbol_message(): vector<u8> { ${hex(wrongIdSymbolMsg)} }

public fun wrong_id_symbol_signature(): vector<u8> { ${hex(sign(wrongIdSymbolMsg, 1))} }
`;

// Self-check before writing: every aggregate verifies off chain.
const aggKey = (signers: number[]) =>
  bls.aggregatePublicKeys(signers.map((s) => keys[s]!.publicKey));
if (
  !bls.verify(
    bls.Signature.fromBytes(aggregate(certMsg, [0, 1, 2])),
    bls.hash(certMsg),
    aggKey([0, 1, 2]),
  )
) {
  throw new Error('self-check failed: certificate aggregate does not verify');
}

/** The formatted Move module of test vectors (deterministic). */
export async function renderMoveTestVectors(): Promise<string> {
  const config = (await prettier.resolveConfig(OUT)) ?? {};
  return prettier.format(move, { ...config, filepath: OUT });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = await renderMoveTestVectors();
  if (process.argv.includes('--print')) process.stdout.write(text);
  else {
    writeFileSync(OUT, text);
    process.stderr.write(`wrote ${OUT}\n`);
  }
}
