import { describe, expect, it } from 'vitest';
import { bcs } from '@mysten/bcs';
import {
  blobCertificateMessage,
  challengeAttestationMessage,
  invalidBlobIdMessage,
  parseBlobCertificate,
  parseChallengeAttestation,
  parseHeader,
  parseInvalidBlobId,
  parseProofOfPossession,
  parseSignedSymbol,
  proofOfPossessionMessage,
  signedSymbolMessage,
  type SignedSymbolMessage,
} from '../../src/crypto/messages.ts';
import { MalformedMessageError } from '../../src/crypto/message-codec.ts';

// Layouts written independently with @mysten/bcs from move/DESIGN.md's table.
const Header = { intent: bcs.u8(), version: bcs.u8(), app: bcs.u8(), epoch: bcs.u32() };
const Address = bcs.fixedArray(32, bcs.u8());
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const ID = '0x' + 'ab'.repeat(31) + '01';
const idBytes = Array.from(Buffer.from(ID.slice(2), 'hex'));

describe('signed messages', () => {
  it('proof of possession: header, sender, key as vector<u8>', () => {
    const key = new Uint8Array(48).fill(7);
    const msg = proofOfPossessionMessage({ epoch: 5, sender: ID, publicKey: key });
    const ref = bcs
      .struct('Pop', { ...Header, sender: Address, key: bcs.vector(bcs.u8()) })
      .serialize({ intent: 0, version: 0, app: 3, epoch: 5, sender: idBytes, key: Array.from(key) })
      .toBytes();
    expect(hex(msg)).toBe(hex(ref));
    expect(parseProofOfPossession(msg)).toEqual({ epoch: 5, sender: ID, publicKey: key });
    expect(parseHeader(msg).header).toEqual({ intent: 0, version: 0, appId: 3, epoch: 5 });
  });

  it('blob certificate: u256 blob id (LE) and the persistence enum', () => {
    const blobId = (1n << 255n) + 12345n;
    const Persistence = bcs.enum('Persistence', { Permanent: null, Deletable: Address });
    const Cert = bcs.struct('Cert', { ...Header, blobId: bcs.u256(), p: Persistence });
    const perm = blobCertificateMessage({ epoch: 2, blobId, persistence: { kind: 'Permanent' } });
    expect(hex(perm)).toBe(
      hex(
        Cert.serialize({
          intent: 1,
          version: 0,
          app: 3,
          epoch: 2,
          blobId,
          p: { Permanent: true },
        }).toBytes(),
      ),
    );
    const del = blobCertificateMessage({
      epoch: 2,
      blobId,
      persistence: { kind: 'Deletable', objectId: ID },
    });
    expect(hex(del)).toBe(
      hex(
        Cert.serialize({
          intent: 1,
          version: 0,
          app: 3,
          epoch: 2,
          blobId,
          p: { Deletable: idBytes },
        }).toBytes(),
      ),
    );
    expect(parseBlobCertificate(del)).toEqual({
      epoch: 2,
      blobId,
      persistence: { kind: 'Deletable', objectId: ID },
    });
    expect(parseBlobCertificate(perm).persistence).toEqual({ kind: 'Permanent' });
  });

  it('invalid blob id and challenge attestation', () => {
    const inv = invalidBlobIdMessage({ epoch: 9, blobId: 77n });
    expect(hex(inv)).toBe(
      hex(
        bcs
          .struct('I', { ...Header, b: bcs.u256() })
          .serialize({ intent: 2, version: 0, app: 3, epoch: 9, b: 77n })
          .toBytes(),
      ),
    );
    expect(parseInvalidBlobId(inv)).toEqual({ epoch: 9, blobId: 77n });
    const att = challengeAttestationMessage({ epoch: 3, round: 11n, nodeId: ID, verdict: 1 });
    const ref = bcs
      .struct('A', { ...Header, round: bcs.u64(), node: Address, verdict: bcs.u8() })
      .serialize({ intent: 4, version: 0, app: 3, epoch: 3, round: 11n, node: idBytes, verdict: 1 })
      .toBytes();
    expect(hex(att)).toBe(hex(ref));
    expect(parseChallengeAttestation(att)).toEqual({
      epoch: 3,
      round: 11n,
      nodeId: ID,
      verdict: 1,
    });
  });

  it('signed symbol round-trips and matches the BCS layout', () => {
    const m: SignedSymbolMessage = {
      epoch: 4,
      blobId: 99n,
      encodingType: 1,
      size: 1000n,
      rootHash: 5n,
      pairIndex: 300,
      axis: 1,
      symbolIndex: 2,
      symbol: Uint8Array.of(1, 2, 3, 4),
      sliverPath: [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)],
      otherHash: new Uint8Array(32).fill(3),
      pairPath: [new Uint8Array(32).fill(4)],
      context: 8n,
    };
    const bytes = signedSymbolMessage(m);
    const V = bcs.vector(bcs.u8());
    const ref = bcs
      .struct('S', {
        ...Header,
        blobId: bcs.u256(),
        enc: bcs.u8(),
        size: bcs.u64(),
        root: bcs.u256(),
        pair: bcs.u16(),
        axis: bcs.u8(),
        sym: bcs.u16(),
        symbol: V,
        sp: bcs.vector(V),
        other: V,
        pp: bcs.vector(V),
        ctx: bcs.u64(),
      })
      .serialize({
        intent: 5,
        version: 0,
        app: 3,
        epoch: 4,
        blobId: 99n,
        enc: 1,
        size: 1000n,
        root: 5n,
        pair: 300,
        axis: 1,
        sym: 2,
        symbol: [1, 2, 3, 4],
        sp: m.sliverPath.map((x) => Array.from(x)),
        other: Array.from(m.otherHash),
        pp: m.pairPath.map((x) => Array.from(x)),
        ctx: 8n,
      })
      .toBytes();
    expect(hex(bytes)).toBe(hex(ref));
    expect(parseSignedSymbol(bytes)).toEqual(m);
  });

  it('rejects wrong intents, short messages and trailing bytes', () => {
    const inv = invalidBlobIdMessage({ epoch: 9, blobId: 77n });
    expect(() => parseBlobCertificate(inv)).toThrow(MalformedMessageError);
    expect(() => parseInvalidBlobId(inv.subarray(0, 20))).toThrow(MalformedMessageError);
    expect(() => parseInvalidBlobId(Uint8Array.of(...inv, 0))).toThrow(/trailing/);
    const wrongApp = inv.slice();
    wrongApp[2] = 4;
    expect(() => parseInvalidBlobId(wrongApp)).toThrow(MalformedMessageError);
  });
});
