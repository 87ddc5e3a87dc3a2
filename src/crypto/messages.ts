/**
 * Signed-message layouts (move/DESIGN.md "Signed messages"): a header
 * `intent u8 || version u8 (0) || app_id u8 (3) || epoch u32 LE` and a BCS body per intent.
 * Builders return the exact bytes that are signed; parsers accept exactly those bytes and throw
 * `MalformedMessageError` on anything else (short, trailing bytes, wrong header).
 */
import { idFromBytes, idToBytes, type Address, type ObjectId } from '../chain/ids.ts';
import { MalformedMessageError, MessageReader, MessageWriter } from './message-codec.ts';

export const Intent = {
  proofOfPossession: 0,
  blobCertificate: 1,
  invalidBlobId: 2,
  syncShard: 3,
  challengeAttestation: 4,
  signedSymbol: 5,
} as const;
export type IntentType = (typeof Intent)[keyof typeof Intent];

export const INTENT_VERSION = 0;
export const APP_ID = 3;
export const HEADER_LENGTH = 7;

export interface MessageHeader {
  intent: number;
  version: number;
  appId: number;
  epoch: number;
}

/** The 7 header bytes for `intent` in `epoch`. */
export function encodeHeader(intent: number, epoch: number): Uint8Array {
  return new MessageWriter().u8(intent).u8(INTENT_VERSION).u8(APP_ID).u32(epoch).toBytes();
}

/** Splits a message into its header and body; checks nothing but length. */
export function parseHeader(message: Uint8Array): { header: MessageHeader; body: Uint8Array } {
  const r = new MessageReader(message);
  const header = { intent: r.u8(), version: r.u8(), appId: r.u8(), epoch: r.u32() };
  return { header, body: r.rest() };
}

function start(intent: number, epoch: number): MessageWriter {
  return new MessageWriter().u8(intent).u8(INTENT_VERSION).u8(APP_ID).u32(epoch);
}

/** Reads a header and checks intent, version and app id. */
function open(message: Uint8Array, intent: number): { r: MessageReader; epoch: number } {
  const r = new MessageReader(message);
  const got = r.u8();
  const version = r.u8();
  const app = r.u8();
  const epoch = r.u32();
  if (got !== intent || version !== INTENT_VERSION || app !== APP_ID) {
    throw new MalformedMessageError(
      `expected intent ${intent} v${INTENT_VERSION} app ${APP_ID}, got ${got} v${version} app ${app}`,
    );
  }
  return { r, epoch };
}

// ----- intent 0: proof of possession ------------------------------------------------------

export interface ProofOfPossessionMessage {
  epoch: number;
  sender: Address;
  publicKey: Uint8Array;
}

export function proofOfPossessionMessage(m: ProofOfPossessionMessage): Uint8Array {
  return start(Intent.proofOfPossession, m.epoch)
    .fixed(idToBytes(m.sender), 32)
    .bytes(m.publicKey)
    .toBytes();
}

export function parseProofOfPossession(message: Uint8Array): ProofOfPossessionMessage {
  const { r, epoch } = open(message, Intent.proofOfPossession);
  const sender = idFromBytes(r.fixed(32));
  const publicKey = r.bytes();
  r.end('proof of possession');
  return { epoch, sender, publicKey };
}

// ----- intent 1: blob certificate -----------------------------------------------------------

export type Persistence = { kind: 'Permanent' } | { kind: 'Deletable'; objectId: ObjectId };

export interface BlobCertificateMessage {
  epoch: number;
  blobId: bigint;
  persistence: Persistence;
}

export function blobCertificateMessage(m: BlobCertificateMessage): Uint8Array {
  const w = start(Intent.blobCertificate, m.epoch).u256(m.blobId);
  if (m.persistence.kind === 'Permanent') w.u8(0);
  else w.u8(1).fixed(idToBytes(m.persistence.objectId), 32);
  return w.toBytes();
}

export function parseBlobCertificate(message: Uint8Array): BlobCertificateMessage {
  const { r, epoch } = open(message, Intent.blobCertificate);
  const blobId = r.u256();
  const tag = r.u8();
  let persistence: Persistence;
  if (tag === 0) persistence = { kind: 'Permanent' };
  else if (tag === 1) persistence = { kind: 'Deletable', objectId: idFromBytes(r.fixed(32)) };
  else throw new MalformedMessageError(`unknown persistence tag ${tag}`);
  r.end('blob certificate');
  return { epoch, blobId, persistence };
}

// ----- intent 2: invalid blob id -------------------------------------------------------------

export interface InvalidBlobIdMessage {
  epoch: number;
  blobId: bigint;
}

export function invalidBlobIdMessage(m: InvalidBlobIdMessage): Uint8Array {
  return start(Intent.invalidBlobId, m.epoch).u256(m.blobId).toBytes();
}

export function parseInvalidBlobId(message: Uint8Array): InvalidBlobIdMessage {
  const { r, epoch } = open(message, Intent.invalidBlobId);
  const blobId = r.u256();
  r.end('invalid blob id');
  return { epoch, blobId };
}

// ----- intent 4: challenge attestation ------------------------------------------------------

export const Verdict = { failed: 0, passed: 1 } as const;

export interface ChallengeAttestationMessage {
  epoch: number;
  round: bigint;
  nodeId: ObjectId;
  verdict: number;
}

export function challengeAttestationMessage(m: ChallengeAttestationMessage): Uint8Array {
  return start(Intent.challengeAttestation, m.epoch)
    .u64(m.round)
    .fixed(idToBytes(m.nodeId), 32)
    .u8(m.verdict)
    .toBytes();
}

export function parseChallengeAttestation(message: Uint8Array): ChallengeAttestationMessage {
  const { r, epoch } = open(message, Intent.challengeAttestation);
  const round = r.u64();
  const nodeId = idFromBytes(r.fixed(32));
  const verdict = r.u8();
  r.end('challenge attestation');
  return { epoch, round, nodeId, verdict };
}

// ----- intent 5: signed symbol ----------------------------------------------------------------

export const Axis = { primary: 0, secondary: 1 } as const;

/** A symbol a node vouches for, with the Merkle paths that tie it to the blob root. */
export interface SignedSymbolMessage {
  epoch: number;
  blobId: bigint;
  encodingType: number;
  size: bigint;
  rootHash: bigint;
  pairIndex: number;
  axis: number;
  symbolIndex: number;
  symbol: Uint8Array;
  /** Sibling hashes from the symbol leaf up to the sliver hash (leaf level first). */
  sliverPath: Uint8Array[];
  /** The other axis' sliver hash of the pair (32 bytes). */
  otherHash: Uint8Array;
  /** Sibling hashes from the pair leaf up to the blob root (leaf level first). */
  pairPath: Uint8Array[];
  /** Free context (challenge round, transfer sequence). */
  context: bigint;
}

export function signedSymbolMessage(m: SignedSymbolMessage): Uint8Array {
  return start(Intent.signedSymbol, m.epoch)
    .u256(m.blobId)
    .u8(m.encodingType)
    .u64(m.size)
    .u256(m.rootHash)
    .u16(m.pairIndex)
    .u8(m.axis)
    .u16(m.symbolIndex)
    .bytes(m.symbol)
    .bytesList(m.sliverPath)
    .bytes(m.otherHash)
    .bytesList(m.pairPath)
    .u64(m.context)
    .toBytes();
}

export function parseSignedSymbol(message: Uint8Array): SignedSymbolMessage {
  const { r, epoch } = open(message, Intent.signedSymbol);
  const m: SignedSymbolMessage = {
    epoch,
    blobId: r.u256(),
    encodingType: r.u8(),
    size: r.u64(),
    rootHash: r.u256(),
    pairIndex: r.u16(),
    axis: r.u8(),
    symbolIndex: r.u16(),
    symbol: r.bytes(),
    sliverPath: r.bytesList(),
    otherHash: r.bytes(),
    pairPath: r.bytesList(),
    context: r.u64(),
  };
  r.end('signed symbol');
  return m;
}
