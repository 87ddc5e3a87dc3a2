/**
 * The store flow (PROTOCOL.md section 3): encode, register into a fitting storage resource the
 * sender owns (owned-storage.ts) or else reserve space and register in one transaction (or resume
 * an owned registered blob),
 * upload to all nodes, aggregate confirmations of quorum weight, certify.
 */
import { blobIdToU256 } from '../../encoding/blob-id.ts';
import { encodeBlob, type EncodedBlob } from '../../encoding/encode.ts';
import { metadataToBcs } from '../../encoding/metadata.ts';
import { walrusEncodedLength } from '../../encoding/params.ts';
import { blobCertificateMessage } from '../../crypto/messages.ts';
import type { BlobObject, RegisterBlobArgs, SystemParams } from '../../chain/types.ts';
import { ObjectNotFoundError } from '../../chain/errors.ts';
import { InvalidInputError } from '../../util/errors.ts';
import type { ClientContext } from '../context.ts';
import { throwIfAborted } from '../errors.ts';
import type { CertificateSummary, ProgressListener, StoreResult } from '../types.ts';
import { isStorageTakenError, takeOwnedStorage } from './owned-storage.ts';
import { uploadAndCertify } from './upload.ts';

export interface StoreOptions {
  /** Epochs of storage from the current one (at least 1). */
  epochs: number;
  /** Deletable blobs can be deleted by their owner before they expire. Default false. */
  deletable?: boolean;
  /** A `Storage` resource owned by the sender to register into instead of buying space. */
  storageId?: string;
  /**
   * Without `storageId`: register into a fitting `Storage` resource the sender already owns
   * before buying space (owned-storage.ts says which one, and when it is split). Default true.
   */
  reuseStorage?: boolean;
  /** Store again even if a certified permanent copy already covers the epochs. Default false. */
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

/**
 * Stores `data` and returns once the blob is certified on chain.
 * @throws InvalidInputError on bad options; NotEnoughConfirmationsError when quorum weight of
 *   nodes did not confirm; chain errors (MoveAbortError, InsufficientFundsError, ...) as thrown;
 *   AbortedError when `signal` fires.
 */
export async function storeBlob(
  ctx: ClientContext,
  data: Uint8Array,
  opts: StoreOptions,
): Promise<StoreResult> {
  if (!(data instanceof Uint8Array)) throw new TypeError('data must be a Uint8Array');
  if (!Number.isInteger(opts?.epochs) || opts.epochs < 1) {
    throw new InvalidInputError(`epochs must be a positive integer, got ${opts?.epochs}`, {
      code: 'INVALID_EPOCHS',
    });
  }
  const deletable = opts.deletable ?? false;
  const { chain, signal } = { chain: ctx.chain, signal: opts.signal };
  throwIfAborted(signal);

  const state = await chain.getSystemState();
  if (opts.epochs > state.params.maxEpochsAhead) {
    throw new InvalidInputError(
      `epochs must be at most ${state.params.maxEpochsAhead}, got ${opts.epochs}`,
      {
        code: 'INVALID_EPOCHS',
      },
    );
  }
  const committee = await ctx.committee(state.epoch);
  const wanted = state.epoch + opts.epochs;

  opts.onProgress?.({ phase: 'encode', done: 0, total: 1 });
  const encoded = await encodeBlob(data, committee.nShards, {
    pool: ctx.encoderPool,
    log: ctx.log,
  });
  opts.onProgress?.({ phase: 'encode', done: 1, total: 1 });
  throwIfAborted(signal);
  const blobIdU256 = blobIdToU256(encoded.blobId);
  const log = ctx.log.child({ blobId: encoded.blobIdText, epoch: state.epoch });

  const existing = await chain.getBlobsByBlobId(blobIdU256);
  if (!deletable && !opts.force) {
    const covering = existing.find(
      (b) => !b.deletable && b.certifiedEpoch !== null && b.storage.endEpoch >= wanted,
    );
    if (covering) {
      log.debug({ objectId: covering.objectId }, 'already certified');
      return resultFor('alreadyCertified', encoded, covering, covering.certifiedEpoch!, 0n);
    }
  }

  // Resume an owned, registered, uncertified blob of the same kind that lasts long enough.
  let blob = existing.find(
    (b) =>
      b.owner === chain.sender &&
      b.certifiedEpoch === null &&
      b.deletable === deletable &&
      b.storage.startEpoch <= state.epoch &&
      b.storage.endEpoch >= wanted,
  );
  let cost = 0n;
  let reusedStorageId: string | undefined;
  opts.onProgress?.({ phase: 'register', done: 0, total: 1 });
  if (blob) {
    log.debug({ objectId: blob.objectId }, 'resuming a registered blob');
  } else {
    const encodedSize = BigInt(walrusEncodedLength(encoded.params, data.length));
    const args = {
      blobId: blobIdU256,
      rootHash: blobIdToU256(encoded.rootHash),
      size: BigInt(data.length),
      encodingType: encoded.metadata.encodingType,
      deletable,
    };
    let objectId: string | undefined;
    if (opts.storageId !== undefined) {
      ({ blobObjectId: objectId } = await chain.registerBlob({
        ...args,
        storageId: opts.storageId,
      }));
      reusedStorageId = opts.storageId;
    } else if (opts.reuseStorage ?? true) {
      const need = { epoch: state.epoch, endEpoch: wanted, encodedSize };
      const storageId = await takeOwnedStorage(chain, need, log);
      if (storageId !== null) {
        objectId = await registerInto(chain, { ...args, storageId }, log);
        if (objectId !== undefined) reusedStorageId = storageId;
      }
    }
    if (objectId !== undefined) {
      cost = writeFee(state.params, encodedSize);
    } else {
      ({ blobObjectId: objectId } = await chain.reserveAndRegisterBlob({
        ...args,
        storageSize: encodedSize,
        epochsAhead: opts.epochs,
      }));
      cost =
        writeFee(state.params, encodedSize) + storageFee(state.params, encodedSize, opts.epochs);
    }
    blob = (await chain.getBlob(objectId)) ?? undefined;
    if (!blob) throw new ObjectNotFoundError('Blob', objectId);
  }
  opts.onProgress?.({ phase: 'register', done: 1, total: 1 });
  throwIfAborted(signal);

  const message = blobCertificateMessage({
    epoch: committee.epoch,
    blobId: blobIdU256,
    persistence: deletable ? { kind: 'Deletable', objectId: blob.objectId } : { kind: 'Permanent' },
  });
  const built = await uploadAndCertify(
    {
      committee,
      blobId: encoded.blobId,
      blobIdText: encoded.blobIdText,
      metadataBcs: metadataToBcs(encoded.metadata),
      pairs: encoded.pairs,
      deletableObjectId: deletable ? blob.objectId : null,
      expectedMessage: message,
    },
    {
      nodes: ctx.nodes,
      limiter: ctx.limiter,
      graceMs: ctx.graceMs,
      graceFactor: ctx.graceFactor,
      now: ctx.now,
      attempts: ctx.attempts,
      log,
      signal,
      onProgress: opts.onProgress,
      onStragglers: (remaining, stop) => ctx.background.add(remaining, stop),
    },
  );
  throwIfAborted(signal);
  opts.onProgress?.({ phase: 'certify', done: 0, total: 1 });
  await chain.certifyBlob({ blobObjectId: blob.objectId, certificate: built.certificate });
  opts.onProgress?.({ phase: 'certify', done: 1, total: 1 });
  const certificate: CertificateSummary = {
    certifiedEpoch: committee.epoch,
    signers: built.signers,
    signerNodeIds: built.signers.map((i) => committee.members[i].nodeId),
    signedWeight: built.weight,
    nShards: committee.nShards,
  };
  log.debug(
    { objectId: blob.objectId, signers: built.signers.length, weight: built.weight },
    'certified',
  );
  return {
    ...resultFor('newlyCreated', encoded, blob, committee.epoch, cost),
    certificate,
    ...(reusedStorageId !== undefined ? { reusedStorageId } : {}),
  };
}

/**
 * `register_blob` into an owned resource picked automatically; `undefined` when the resource is
 * gone by now (another store of the same sender took it first), so the caller buys space instead.
 */
async function registerInto(
  chain: ClientContext['chain'],
  args: RegisterBlobArgs & { storageId: string },
  log: ClientContext['log'],
): Promise<string | undefined> {
  try {
    return (await chain.registerBlob(args)).blobObjectId;
  } catch (err) {
    if (isStorageTakenError(err)) {
      log.debug({ err, storageId: args.storageId }, 'owned storage taken meanwhile; buying space');
      return undefined;
    }
    throw err;
  }
}

function resultFor(
  status: StoreResult['status'],
  encoded: EncodedBlob,
  blob: BlobObject,
  certifiedEpoch: number,
  cost: bigint,
): StoreResult {
  return {
    status,
    blobId: encoded.blobIdText,
    objectId: blob.objectId,
    size: encoded.metadata.unencodedLength,
    deletable: blob.deletable,
    endEpoch: blob.storage.endEpoch,
    certifiedEpoch,
    cost,
  };
}

function units(params: SystemParams, size: bigint): bigint {
  return (size + params.unitSize - 1n) / params.unitSize;
}

/** `register_blob`'s write fee: units of the encoded size times the write price. */
function writeFee(params: SystemParams, encodedSize: bigint): bigint {
  return units(params, encodedSize) * params.writePricePerUnit;
}

/** `reserve_space`'s cost: units times the storage price times epochs. */
function storageFee(params: SystemParams, encodedSize: bigint, epochs: number): bigint {
  return units(params, encodedSize) * params.storagePricePerUnit * BigInt(epochs);
}
