/**
 * Reusing `Storage` resources the sender already owns (issue 7: "reuse owned storage resources"),
 * e.g. the resource a deleted deletable blob gave back, or space bought ahead with
 * `reserve_space`. A store registers into an owned resource when one fits, and buys space only
 * when none does.
 *
 * Which resource fits is the Move rule of `register_blob` (storage/blob_ops.move): the resource
 * covers the current epoch (start <= epoch < end), and holds at least the encoded size; the
 * client adds that it lasts until the wanted end epoch. Among those, the one that wastes least
 * (bytes x epochs beyond what the blob needs) is taken.
 *
 * Splitting (decided here, documented in the README tour): register_blob locks the WHOLE resource
 * into the blob, so a resource at least twice the encoded size is first split by size
 * (`split_by_size`), the blob takes exactly the encoded size and the surplus stays owned for the
 * next store. A resource that lasts longer than wanted is used as is: the blob then lives until
 * the resource's end (paid already), and a split-off tail could only hold blobs from its start
 * epoch on, so splitting by epoch would spend a transaction for little.
 */
import {
  MoveAbortError,
  ObjectNotFoundError,
  TransactionRejectedError,
} from '../../chain/errors.ts';
import type { ChainClient, StorageResource } from '../../chain/types.ts';
import type { Logger } from '../../util/log.ts';

/** What a blob needs from a resource. */
export interface StorageNeed {
  /** The current epoch. */
  epoch: number;
  /** The epoch the blob must be stored until (exclusive), at least. */
  endEpoch: number;
  /** The blob's encoded size (what `register_blob` compares with the resource's size). */
  encodedSize: bigint;
}

/** Whether `register_blob` accepts `r` for a blob of `need` that must last until `need.endEpoch`. */
export function storageFits(r: StorageResource, need: StorageNeed): boolean {
  return (
    r.startEpoch <= need.epoch &&
    need.epoch < r.endEpoch &&
    r.endEpoch >= need.endEpoch &&
    r.storageSize >= need.encodedSize
  );
}

/**
 * The fitting resource that wastes least (surplus bytes x epochs), ties broken by ID so the
 * choice is deterministic; `null` when none fits.
 */
export function pickStorage(
  resources: readonly StorageResource[],
  need: StorageNeed,
): StorageResource | null {
  const cost = (r: StorageResource): bigint => r.storageSize * BigInt(r.endEpoch - need.epoch);
  let best: StorageResource | null = null;
  for (const r of resources) {
    if (!storageFits(r, need)) continue;
    if (
      best === null ||
      cost(r) < cost(best) ||
      (cost(r) === cost(best) && r.storageId < best.storageId)
    )
      best = r;
  }
  return best;
}

/**
 * Whether `err`, from a transaction on an owned resource picked a moment before, says that the
 * resource is gone or changed meanwhile (another store of the same sender registered into it or
 * split it): gone, no longer the sender's, or one of Move's own checks of the resource
 * (storage_resource `EInvalidSize` for a split, blob_ops `EResourceBounds` / `EResourceSize` for a
 * registration).
 */
export function isStorageTakenError(err: unknown): boolean {
  if (err instanceof ObjectNotFoundError || err instanceof TransactionRejectedError) return true;
  if (!(err instanceof MoveAbortError)) return false;
  return (
    (err.module === 'storage_resource' && err.constantName === 'EInvalidSize') ||
    (err.module === 'blob_ops' &&
      (err.constantName === 'EResourceBounds' || err.constantName === 'EResourceSize'))
  );
}

/**
 * Finds an owned resource for `need` and, when it is at least twice the encoded size, splits the
 * surplus off (one `split_by_size` transaction) so that only the encoded size goes into the blob.
 * A resource that another store of the same sender took or split between the listing and the
 * split is passed over and the listing read again (once), so concurrent stores each find theirs.
 * Returns the resource ID to register into, or `null` when the sender owns nothing that fits.
 * @throws chain errors of `listOwnedStorage` / `splitStorageBySize` as thrown.
 */
export async function takeOwnedStorage(
  chain: ChainClient,
  need: StorageNeed,
  log: Logger,
): Promise<string | null> {
  const passedOver = new Set<string>();
  for (let attempt = 0; attempt < 2; attempt++) {
    const owned = (await chain.listOwnedStorage()).filter((r) => !passedOver.has(r.storageId));
    const picked = pickStorage(owned, need);
    if (picked === null) {
      log.debug({ owned: owned.length }, 'no owned storage fits; buying space');
      return null;
    }
    const surplus = picked.storageSize - need.encodedSize;
    if (surplus < need.encodedSize) {
      log.debug({ storageId: picked.storageId }, 'reusing an owned storage resource');
      return picked.storageId;
    }
    try {
      const { newStorageId } = await chain.splitStorageBySize({
        storageId: picked.storageId,
        splitSize: surplus,
      });
      log.debug(
        { storageId: picked.storageId, kept: need.encodedSize, surplus, newStorageId },
        'split an owned storage resource; the surplus stays owned',
      );
      return picked.storageId;
    } catch (err) {
      if (!isStorageTakenError(err)) throw err;
      log.debug(
        { err, storageId: picked.storageId },
        'owned storage taken meanwhile; looking again',
      );
      passedOver.add(picked.storageId);
    }
  }
  return null;
}
