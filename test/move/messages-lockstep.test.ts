/**
 * The signed messages of the Move test vectors (what the Move parsers in `messages.move` read)
 * are the messages the TypeScript side (`src/crypto/messages.ts`) builds and parses: same fields,
 * byte for byte. A drift in either layout fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  blobCertificateMessage,
  challengeAttestationMessage,
  invalidBlobIdMessage,
  parseBlobCertificate,
  parseChallengeAttestation,
  parseInvalidBlobId,
  parseSignedSymbol,
  signedSymbolMessage,
} from '../../src/crypto/messages.ts';
import { blobIdFromU256 } from '../../src/encoding/blob-id.ts';
import { loadHashEngine } from '../../src/encoding/hash.ts';
import { leafHash, rootFromProof, verifyMerkleProof } from '../../src/encoding/merkle.ts';

const TEXT = readFileSync('move/tests/test_vectors.move', 'utf8');

/** Hex literals (x"...") inside the body of `public fun name(...)`. */
function literals(name: string): Uint8Array[] {
  const start = TEXT.indexOf(`public fun ${name}(`);
  if (start < 0) throw new RangeError(`no function ${name} in test_vectors.move`);
  const end = TEXT.indexOf('\n}\n', start);
  return [...TEXT.slice(start, end).matchAll(/x"([0-9a-f]*)"/g)].map((m) =>
    Buffer.from(m[1]!, 'hex'),
  );
}

/** The u256 literal returned by `public fun name(): u256`. */
function u256(name: string): bigint {
  const m = new RegExp(`public fun ${name}\\(\\): u256 \\{\\s*(0x[0-9a-f]+)`).exec(TEXT);
  if (!m) throw new RangeError(`no u256 function ${name}`);
  return BigInt(m[1]!);
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('Move test-vector messages and src/crypto/messages.ts agree', () => {
  it('blob certificate (intent 1)', () => {
    const [message] = literals('certificate_message');
    const parsed = parseBlobCertificate(message!);
    expect(parsed.epoch).toBe(1);
    expect(parsed.blobId).toBe(u256('blob_id'));
    expect(parsed.persistence).toEqual({ kind: 'Permanent' });
    expect(hex(blobCertificateMessage(parsed))).toBe(hex(message!));
  });

  it('invalid blob id (intent 2)', () => {
    const [message] = literals('invalid_blob_message');
    const parsed = parseInvalidBlobId(message!);
    expect(parsed.blobId).toBe(u256('invalid_blob_id'));
    expect(hex(invalidBlobIdMessage(parsed))).toBe(hex(message!));
  });

  it('challenge attestations (intent 4)', () => {
    const messages = literals('challenge_message');
    expect(messages.length).toBe(12);
    messages.forEach((message, i) => {
      const parsed = parseChallengeAttestation(message);
      expect(parsed.round).toBe(BigInt(Math.floor(i / 4) + 1));
      expect(BigInt(parsed.nodeId)).toBe(0xa1n + BigInt(i % 4));
      expect(parsed.verdict).toBe(1);
      expect(hex(challengeAttestationMessage(parsed))).toBe(hex(message));
    });
    const [b] = literals('equivocation_message_b');
    expect(parseChallengeAttestation(b!).verdict).toBe(0);
  });

  it('signed symbols (intent 5)', () => {
    for (const name of [
      'valid_symbol_message',
      'forged_symbol_message',
      'wrong_id_symbol_message',
    ]) {
      const [message] = literals(name);
      const parsed = parseSignedSymbol(message!);
      expect(parsed.rootHash, name).toBe(u256('blob_root'));
      expect(parsed.pairIndex, name).toBe(2);
      expect(parsed.symbolIndex, name).toBe(5);
      expect(hex(signedSymbolMessage(parsed)), name).toBe(hex(message!));
    }
  });

  it('the Merkle proofs the chain checks are the proofs of the encoding', async () => {
    const engine = await loadHashEngine();
    const proves = (name: string): boolean => {
      const [message] = literals(name);
      const m = parseSignedSymbol(message!);
      const sliverHash = rootFromProof(engine, leafHash(engine, m.symbol), {
        path: m.sliverPath,
        leafIndex: m.symbolIndex,
      });
      const pair = m.axis === 0 ? [sliverHash, m.otherHash] : [m.otherHash, sliverHash];
      const leaf = new Uint8Array([...pair[0]!, ...pair[1]!]);
      return verifyMerkleProof(engine, blobIdFromU256(m.rootHash), leaf, {
        path: m.pairPath,
        leafIndex: m.pairIndex,
      });
    };
    expect(proves('valid_symbol_message')).toBe(true);
    expect(proves('forged_symbol_message')).toBe(false);
  });
});
