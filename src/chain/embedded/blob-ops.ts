/**
 * `storage/blob_ops.move` for the embedded chain: register, certify, extend, delete,
 * invalidate; plus `blob::burn`. Same checks in the same order as the Move functions.
 */
import type { Certificate } from '../../crypto/certificate.ts';
import { ENCODING_TYPE_RS2 } from '../../encoding/params.ts';
import type { ObjectId } from '../ids.ts';
import type { RegisterBlobArgs } from '../types.ts';
import { check } from './aborts.ts';
import { parseBlobCertificate, parseInvalidBlobId } from './move-messages.ts';
import { verifyQuorum, verifyValidity } from './bls-aggregate.ts';
import { owned, type Env } from './env.ts';
import { collectFee, sellSpace, units, type Coin } from './system.ts';
import type { BlobState, OwnedStorage } from './state.ts';
import { deriveBlobId, encodedSize, fusePeriods, symbolSize } from './storage-resource.ts';

const M = 'blob_ops';
const MAX_SYMBOL_SIZE = 65534n;

/** `register_blob`: consumes `storage` (already removed from the sender's objects). */
export function registerBlob(
  env: Env,
  storageId: ObjectId,
  storage: OwnedStorage,
  a: RegisterBlobArgs,
  writePayment: Coin,
): { blobObjectId: ObjectId } {
  const s = env.s;
  check(a.encodingType === ENCODING_TYPE_RS2, M, 'EInvalidEncodingType');
  check(deriveBlobId(a.encodingType, a.size, a.rootHash) === a.blobId, M, 'EInvalidBlobId');
  const epoch = s.epoch;
  const n = s.params.nShards;
  check(symbolSize(a.size, n) <= MAX_SYMBOL_SIZE, M, 'EBlobTooLarge');
  check(storage.startEpoch <= epoch && epoch < storage.endEpoch, M, 'EResourceBounds');
  const encoded = encodedSize(a.size, n);
  check(storage.storageSize >= encoded, M, 'EResourceSize');
  const fee = units(s.params, encoded) * s.params.writePricePerUnit;
  collectFee(s, fee, writePayment);
  const blobObjectId = env.ctx.freshId();
  s.blobs.set(blobObjectId, {
    owner: env.ctx.sender,
    registeredEpoch: epoch,
    blobId: a.blobId,
    size: a.size,
    encodingType: a.encodingType,
    certifiedEpoch: null,
    storageId,
    storage: {
      startEpoch: storage.startEpoch,
      endEpoch: storage.endEpoch,
      storageSize: storage.storageSize,
    },
    deletable: a.deletable,
    rootHash: a.rootHash,
  });
  env.ctx.emit('BlobRegistered', {
    epoch,
    blobId: a.blobId,
    size: a.size,
    encodingType: a.encodingType,
    endEpoch: storage.endEpoch,
    deletable: a.deletable,
    objectId: blobObjectId,
  });
  return { blobObjectId };
}

export function certifyBlob(env: Env, blobObjectId: ObjectId, cert: Certificate): void {
  const s = env.s;
  const blob = owned(env, s.blobs, 'Blob', blobObjectId);
  const epoch = s.epoch;
  check(blob.certifiedEpoch === null, M, 'EAlreadyCertified');
  check(epoch < blob.storage.endEpoch, M, 'EBlobExpired');
  verifyQuorum(env.keys, s.committee, cert.signature, cert.signersBitmap, cert.message);
  const body = parseBlobCertificate(cert.message, s.committee.epoch);
  check(body.blobId === blob.blobId, M, 'EBlobIdMismatch');
  check(body.deletable === blob.deletable, M, 'EPersistenceMismatch');
  if (blob.deletable) check(body.objectId === blobObjectId, M, 'EPersistenceMismatch');
  blob.certifiedEpoch = epoch;
  emitCertified(env, blobObjectId, blob, epoch, false);
}

export function extendBlob(
  env: Env,
  blobObjectId: ObjectId,
  extendedEpochs: number,
  payment: Coin,
): void {
  const s = env.s;
  const blob = owned(env, s.blobs, 'Blob', blobObjectId);
  const epoch = s.epoch;
  checkExtendable(blob, epoch);
  const end = blob.storage.endEpoch;
  check(
    extendedEpochs > 0 && end + extendedEpochs <= epoch + s.params.maxEpochsAhead,
    M,
    'EInvalidEpochs',
  );
  sellSpace(s, end, end + extendedEpochs, blob.storage.storageSize, payment);
  blob.storage.endEpoch += extendedEpochs;
  emitCertified(env, blobObjectId, blob, epoch, true);
}

/** `extend_blob_with_resource`: `extension` is consumed (already removed from the sender). */
export function extendBlobWithResource(
  env: Env,
  blobObjectId: ObjectId,
  extension: OwnedStorage,
): void {
  const s = env.s;
  const blob = owned(env, s.blobs, 'Blob', blobObjectId);
  const epoch = s.epoch;
  checkExtendable(blob, epoch);
  check(
    extension.startEpoch === blob.storage.endEpoch &&
      extension.storageSize === blob.storage.storageSize,
    M,
    'EInvalidExtension',
  );
  fusePeriods(blob.storage, extension);
  emitCertified(env, blobObjectId, blob, epoch, true);
}

/** `delete_blob`: the blob's storage goes back to the sender under its original ID. */
export function deleteBlob(env: Env, blobObjectId: ObjectId): { storageId: ObjectId } {
  const s = env.s;
  const blob = owned(env, s.blobs, 'Blob', blobObjectId);
  s.blobs.delete(blobObjectId);
  check(blob.deletable, 'blob', 'ENotDeletable');
  env.ctx.emit('BlobDeleted', {
    epoch: s.epoch,
    blobId: blob.blobId,
    endEpoch: blob.storage.endEpoch,
    objectId: blobObjectId,
    wasCertified: blob.certifiedEpoch !== null,
  });
  s.storage.set(blob.storageId, { ...blob.storage, owner: env.ctx.sender });
  return { storageId: blob.storageId };
}

/** `blob::burn`: the blob and its storage are destroyed, no event. */
export function burnBlob(env: Env, blobObjectId: ObjectId): void {
  owned(env, env.s.blobs, 'Blob', blobObjectId);
  env.s.blobs.delete(blobObjectId);
}

export function invalidateBlobId(env: Env, cert: Certificate): { blobId: bigint } {
  const s = env.s;
  verifyValidity(env.keys, s.committee, cert.signature, cert.signersBitmap, cert.message);
  const blobId = parseInvalidBlobId(cert.message, s.committee.epoch);
  check(!s.invalidated.has(blobId), M, 'EAlreadyInvalidated');
  s.invalidated.add(blobId);
  env.ctx.emit('InvalidBlobID', { epoch: s.epoch, blobId });
  return { blobId };
}

function checkExtendable(blob: BlobState, epoch: number): void {
  check(blob.certifiedEpoch !== null, M, 'ENotCertified');
  check(epoch < blob.storage.endEpoch, M, 'EBlobExpired');
}

function emitCertified(
  env: Env,
  objectId: ObjectId,
  blob: BlobState,
  epoch: number,
  isExtension: boolean,
): void {
  env.ctx.emit('BlobCertified', {
    epoch,
    blobId: blob.blobId,
    endEpoch: blob.storage.endEpoch,
    deletable: blob.deletable,
    objectId,
    isExtension,
  });
}
