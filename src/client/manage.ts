/**
 * Blob lifecycle beyond store and read: status (chain view), extend, delete, and the network
 * summary behind `floe info`.
 */
import { blobIdFromString, blobIdToU256 } from '../encoding/blob-id.ts';
import { normalizeId } from '../chain/ids.ts';
import { ObjectNotFoundError } from '../chain/errors.ts';
import { InvalidInputError } from '../util/errors.ts';
import type { ClientContext } from './context.ts';
import { throwIfAborted } from './errors.ts';
import type { BlobStatusReport, NetworkInfo } from './types.ts';

/** What the chain knows about a blob ID. Never throws for an unknown blob: state `nonexistent`. */
export async function blobStatus(
  ctx: ClientContext,
  blobIdText: string,
  signal?: AbortSignal,
): Promise<BlobStatusReport> {
  const u256 = blobIdToU256(blobIdFromString(blobIdText));
  throwIfAborted(signal);
  const [epoch, invalid, objects] = await Promise.all([
    ctx.chain.getEpoch(),
    ctx.chain.isBlobIdInvalid(u256),
    ctx.chain.getBlobsByBlobId(u256),
  ]);
  const live = objects.map((b) => ({
    objectId: b.objectId,
    owner: b.owner,
    deletable: b.deletable,
    certifiedEpoch: b.certifiedEpoch,
    endEpoch: b.storage.endEpoch,
    size: Number(b.size),
  }));
  const certified = live.filter((b) => b.certifiedEpoch !== null);
  const endEpoch = live.length ? Math.max(...live.map((b) => b.endEpoch)) : null;
  const certifiedEpoch = certified.length
    ? Math.min(...certified.map((b) => b.certifiedEpoch!))
    : null;
  let state: BlobStatusReport['state'];
  if (invalid) state = 'invalid';
  else if (live.length === 0) state = 'nonexistent';
  else if (endEpoch !== null && endEpoch <= epoch) state = 'expired';
  else state = certified.some((b) => b.endEpoch > epoch) ? 'certified' : 'registered';
  return {
    blobId: blobIdText,
    state,
    currentEpoch: epoch,
    endEpoch,
    certifiedEpoch,
    objects: live,
  };
}

/**
 * Extends a certified blob by `epochs`, paying from the sender.
 * @throws InvalidInputError on bad arguments; ObjectNotFoundError; MoveAbortError from the chain.
 */
export async function extendBlob(
  ctx: ClientContext,
  objectId: string,
  epochs: number,
  signal?: AbortSignal,
): Promise<{ objectId: string; endEpoch: number }> {
  const id = checkedId(objectId);
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new InvalidInputError(`epochs must be a positive integer, got ${epochs}`, {
      code: 'INVALID_EPOCHS',
    });
  }
  throwIfAborted(signal);
  await ctx.chain.extendBlob({ blobObjectId: id, extendedEpochs: epochs });
  const blob = await ctx.chain.getBlob(id);
  if (!blob) throw new ObjectNotFoundError('Blob', id);
  return { objectId: id, endEpoch: blob.storage.endEpoch };
}

/**
 * Deletes a deletable blob the sender owns; its storage resource comes back for reuse.
 * @throws ObjectNotFoundError; MoveAbortError (e.g. not deletable) from the chain.
 */
export async function deleteBlob(
  ctx: ClientContext,
  objectId: string,
  signal?: AbortSignal,
): Promise<{ objectId: string; storageId: string }> {
  const id = checkedId(objectId);
  throwIfAborted(signal);
  const { storageId } = await ctx.chain.deleteBlob({ blobObjectId: id });
  return { objectId: id, storageId };
}

/** The current committee, shards, epoch and prices. */
export async function networkInfo(ctx: ClientContext, signal?: AbortSignal): Promise<NetworkInfo> {
  throwIfAborted(signal);
  const [state, balance] = await Promise.all([ctx.chain.getSystemState(), ctx.chain.getBalance()]);
  const members = state.epoch > 0 ? (await ctx.committee(state.epoch)).members : [];
  return {
    epoch: state.epoch,
    epochState: state.epochState.kind,
    nShards: state.params.nShards,
    members: members.map((m) => ({
      nodeId: m.nodeId,
      name: m.name,
      url: m.url,
      shards: m.shards.length,
    })),
    prices: {
      storagePricePerUnit: state.params.storagePricePerUnit,
      writePricePerUnit: state.params.writePricePerUnit,
      unitSize: state.params.unitSize,
      maxEpochsAhead: state.params.maxEpochsAhead,
    },
    balance,
  };
}

function checkedId(objectId: string): string {
  try {
    return normalizeId(objectId, 'objectId');
  } catch (err) {
    throw new InvalidInputError(`not an object ID: ${JSON.stringify(objectId)}`, {
      code: 'INVALID_OBJECT_ID',
      cause: err,
    });
  }
}
