/**
 * `system/messages.move`'s parsers, check for check: intent (EWrongIntent), version and app id
 * (EWrongIntentVersion), epoch (EWrongEpoch) where one is expected, BCS peeling (sui::bcs
 * EOutOfRange when short), the persistence tag / axis, then ETrailingBytes.
 */
import { idFromBytes, type ObjectId } from '../ids.ts';
import { MalformedMessageError, MessageReader } from '../../crypto/message-codec.ts';
import { APP_ID, INTENT_VERSION, Intent } from '../../crypto/messages.ts';
import type { SignedSymbolMessage } from '../../crypto/messages.ts';
import { abort, check } from './aborts.ts';

const M = 'messages';

/** A reader whose running out of bytes is `sui::bcs::EOutOfRange`. */
class Peeler {
  private readonly r: MessageReader;
  constructor(bytes: Uint8Array) {
    this.r = new MessageReader(bytes);
  }
  private guard<T>(f: () => T): T {
    try {
      return f();
    } catch (err) {
      if (err instanceof MalformedMessageError) abort('bcs', 'EOutOfRange');
      throw err;
    }
  }
  u8 = () => this.guard(() => this.r.u8());
  u16 = () => this.guard(() => this.r.u16());
  u32 = () => this.guard(() => this.r.u32());
  u64 = () => this.guard(() => this.r.u64());
  u256 = () => this.guard(() => this.r.u256());
  address = (): ObjectId => this.guard(() => idFromBytes(this.r.fixed(32)));
  vecU8 = () => this.guard(() => this.r.bytes());
  vecVecU8 = () => this.guard(() => this.r.bytesList());
  close(): void {
    check(this.r.remaining === 0, M, 'ETrailingBytes');
  }
}

function open(message: Uint8Array, intent: number): Peeler {
  const p = new Peeler(message);
  check(p.u8() === intent, M, 'EWrongIntent');
  check(p.u8() === INTENT_VERSION, M, 'EWrongIntentVersion');
  check(p.u8() === APP_ID, M, 'EWrongIntentVersion');
  return p;
}

export interface BlobCertificateBody {
  blobId: bigint;
  deletable: boolean;
  objectId: ObjectId | null;
}

export function parseBlobCertificate(message: Uint8Array, epoch: number): BlobCertificateBody {
  const p = open(message, Intent.blobCertificate);
  check(p.u32() === epoch, M, 'EWrongEpoch');
  const blobId = p.u256();
  const tag = p.u8();
  check(tag <= 1, M, 'EInvalidPersistence');
  const objectId = tag === 1 ? p.address() : null;
  p.close();
  return { blobId, deletable: tag === 1, objectId };
}

export function parseInvalidBlobId(message: Uint8Array, epoch: number): bigint {
  const p = open(message, Intent.invalidBlobId);
  check(p.u32() === epoch, M, 'EWrongEpoch');
  const blobId = p.u256();
  p.close();
  return blobId;
}

export interface AttestationBody {
  epoch: number;
  round: bigint;
  nodeId: ObjectId;
  verdict: number;
}

export function parseChallengeAttestation(message: Uint8Array): AttestationBody {
  const p = open(message, Intent.challengeAttestation);
  const epoch = p.u32();
  const round = p.u64();
  const nodeId = p.address();
  const verdict = p.u8();
  p.close();
  return { epoch, round, nodeId, verdict };
}

export function parseSignedSymbol(message: Uint8Array): SignedSymbolMessage {
  const p = open(message, Intent.signedSymbol);
  const epoch = p.u32();
  const blobId = p.u256();
  const encodingType = p.u8();
  const size = p.u64();
  const rootHash = p.u256();
  const pairIndex = p.u16();
  const axis = p.u8();
  check(axis <= 1, M, 'EInvalidAxis');
  const symbolIndex = p.u16();
  const symbol = p.vecU8();
  const sliverPath = p.vecVecU8();
  const otherHash = p.vecU8();
  const pairPath = p.vecVecU8();
  const context = p.u64();
  p.close();
  return {
    epoch,
    blobId,
    encodingType,
    size,
    rootHash,
    pairIndex,
    axis,
    symbolIndex,
    symbol,
    sliverPath,
    otherHash,
    pairPath,
    context,
  };
}
