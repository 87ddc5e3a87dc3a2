/**
 * What the node knows about one blob ID from chain events, and the pure rules over it: whether
 * uploads are accepted (registered, unexpired, not invalid), whether it is certified, when its
 * data may be dropped, and the Walrus-shaped status the REST API reports. A blob ID can back
 * several `Blob` objects (a permanent one and deletable copies); the record keeps each.
 */

/** Where the event that last changed the record came from (Walrus `StatusEvent`). */
export interface EventRef {
  txDigest: string;
  eventSeq: string;
}

export interface BlobObjectRecord {
  endEpoch: number;
  deletable: boolean;
  certifiedEpoch: number | null;
}

export interface BlobRecord {
  /** Unencoded length (a u64 that fits a double for every encodable blob). */
  size: number;
  encodingType: number;
  registeredEpoch: number;
  /** Blob objects by object ID (0x-hex). */
  objects: Record<string, BlobObjectRecord>;
  /** Set once `InvalidBlobID` was seen; the data is dropped and reads answer "invalid". */
  invalid: EventRef | null;
  initialCertifiedEpoch: number | null;
  lastEvent: EventRef;
}

export interface RegisteredFields {
  epoch: number;
  size: number;
  encodingType: number;
  endEpoch: number;
  deletable: boolean;
  objectId: string;
}

/** The record after `BlobRegistered`. */
export function applyRegistered(
  rec: BlobRecord | undefined,
  ev: RegisteredFields,
  ref: EventRef,
): BlobRecord {
  const base: BlobRecord = rec ?? {
    size: ev.size,
    encodingType: ev.encodingType,
    registeredEpoch: ev.epoch,
    objects: {},
    invalid: null,
    initialCertifiedEpoch: null,
    lastEvent: ref,
  };
  return {
    ...base,
    objects: {
      ...base.objects,
      [ev.objectId]: { endEpoch: ev.endEpoch, deletable: ev.deletable, certifiedEpoch: null },
    },
    lastEvent: ref,
  };
}

/** The record after `BlobCertified` (also used for extensions, which move `endEpoch`). */
export function applyCertified(
  rec: BlobRecord,
  ev: { epoch: number; endEpoch: number; deletable: boolean; objectId: string },
  ref: EventRef,
): BlobRecord {
  const prior = rec.objects[ev.objectId];
  const object: BlobObjectRecord = {
    endEpoch: ev.endEpoch,
    deletable: ev.deletable,
    certifiedEpoch: prior?.certifiedEpoch ?? ev.epoch,
  };
  return {
    ...rec,
    objects: { ...rec.objects, [ev.objectId]: object },
    initialCertifiedEpoch: rec.initialCertifiedEpoch ?? ev.epoch,
    lastEvent: ref,
  };
}

/** The record after `BlobDeleted`, or `null` when no object of the blob ID is left. */
export function applyDeleted(rec: BlobRecord, objectId: string, ref: EventRef): BlobRecord | null {
  const objects = { ...rec.objects };
  delete objects[objectId];
  if (Object.keys(objects).length === 0 && rec.invalid === null) return null;
  return { ...rec, objects, lastEvent: ref };
}

/** The record after `InvalidBlobID`: objects are forgotten, the invalid mark stays for reads. */
export function applyInvalid(
  rec: BlobRecord | undefined,
  epoch: number,
  ref: EventRef,
): BlobRecord {
  return {
    size: rec?.size ?? 0,
    encodingType: rec?.encodingType ?? 0,
    registeredEpoch: rec?.registeredEpoch ?? epoch,
    objects: {},
    invalid: ref,
    initialCertifiedEpoch: rec?.initialCertifiedEpoch ?? null,
    lastEvent: ref,
  };
}

/** Drops objects whose storage ended by `epoch`; `null` when none is left (the data may go). */
export function expire(rec: BlobRecord, epoch: number): BlobRecord | null {
  if (rec.invalid !== null) return rec;
  const live = Object.entries(rec.objects).filter(([, o]) => o.endEpoch > epoch);
  if (live.length === Object.keys(rec.objects).length) return rec;
  if (live.length === 0) return null;
  return { ...rec, objects: Object.fromEntries(live) };
}

function liveObjects(rec: BlobRecord, epoch: number): BlobObjectRecord[] {
  if (rec.invalid !== null) return [];
  return Object.values(rec.objects).filter((o) => o.endEpoch > epoch);
}

/** Whether uploads of metadata and slivers are accepted in `epoch`. */
export function acceptsUploads(rec: BlobRecord | undefined, epoch: number): boolean {
  return rec !== undefined && liveObjects(rec, epoch).length > 0;
}

/** Whether some live object of the blob is certified in `epoch`. */
export function isCertified(rec: BlobRecord | undefined, epoch: number): boolean {
  return rec !== undefined && liveObjects(rec, epoch).some((o) => o.certifiedEpoch !== null);
}

/** Whether the record has objects but all have expired by `epoch`. */
export function isExpired(rec: BlobRecord, epoch: number): boolean {
  return (
    rec.invalid === null &&
    Object.keys(rec.objects).length > 0 &&
    liveObjects(rec, epoch).length === 0
  );
}

/** Walrus's JSON `BlobStatus` (what `GET /v1/blobs/{id}/status` puts in `success.data`). */
export type BlobStatusJson =
  | 'nonexistent'
  | { invalid: { event: EventRef } }
  | {
      permanent: {
        endEpoch: number;
        isCertified: boolean;
        statusEvent: EventRef;
        deletableCounts: DeletableCounts;
        initialCertifiedEpoch: number | null;
      };
    }
  | { deletable: { initialCertifiedEpoch: number | null; deletableCounts: DeletableCounts } };

interface DeletableCounts {
  count_deletable_total: number;
  count_deletable_certified: number;
}

/** The status of a blob as seen in `epoch`. */
export function blobStatus(rec: BlobRecord | undefined, epoch: number): BlobStatusJson {
  if (rec === undefined) return 'nonexistent';
  if (rec.invalid !== null) return { invalid: { event: rec.invalid } };
  const live = liveObjects(rec, epoch);
  if (live.length === 0) return 'nonexistent';
  const deletable = live.filter((o) => o.deletable);
  const counts: DeletableCounts = {
    count_deletable_total: deletable.length,
    count_deletable_certified: deletable.filter((o) => o.certifiedEpoch !== null).length,
  };
  const permanent = live.filter((o) => !o.deletable);
  const certifiedEpochs = live.flatMap((o) =>
    o.certifiedEpoch === null ? [] : [o.certifiedEpoch],
  );
  const initialCertifiedEpoch = certifiedEpochs.length > 0 ? Math.min(...certifiedEpochs) : null;
  if (permanent.length > 0) {
    // Report the permanent object that lasts longest, preferring certified ones (as Walrus does).
    const certified = permanent.filter((o) => o.certifiedEpoch !== null);
    const pool = certified.length > 0 ? certified : permanent;
    const endEpoch = Math.max(...pool.map((o) => o.endEpoch));
    return {
      permanent: {
        endEpoch,
        isCertified: certified.length > 0,
        statusEvent: rec.lastEvent,
        deletableCounts: counts,
        initialCertifiedEpoch,
      },
    };
  }
  return { deletable: { initialCertifiedEpoch, deletableCounts: counts } };
}
