/**
 * The rules over what the chain said about a blob ID: uploads, certification, expiry, deletion,
 * invalidation, and the Walrus-shaped status (permanent vs deletable objects and their counts).
 */
import { describe, expect, it } from 'vitest';
import {
  acceptsUploads,
  applyCertified,
  applyDeleted,
  applyInvalid,
  applyRegistered,
  blobStatus,
  expire,
  isCertified,
  isExpired,
} from '../../src/node/blob-record.ts';

const ref = (n: number) => ({ txDigest: `t${n}`, eventSeq: '0' });
const P = '0x' + '01'.repeat(32);
const D1 = '0x' + '02'.repeat(32);
const D2 = '0x' + '03'.repeat(32);

/** `applyRegistered` of an RS2 (encoding type 1) registration, as event number `n`. */
const registered = (
  rec: Parameters<typeof applyRegistered>[0],
  r: { epoch: number; size: number; endEpoch: number; deletable: boolean; objectId: string },
  n: number,
) => applyRegistered(rec, { ...r, encodingType: 1 }, ref(n));

describe('blob records', () => {
  it('tracks a permanent object and deletable copies with Walrus status counts', () => {
    let rec = registered(
      undefined,
      { epoch: 1, size: 10, endEpoch: 5, deletable: true, objectId: D1 },
      1,
    );
    expect(acceptsUploads(rec, 1)).toBe(true);
    expect(blobStatus(rec, 1)).toEqual({
      deletable: {
        initialCertifiedEpoch: null,
        deletableCounts: { count_deletable_total: 1, count_deletable_certified: 0 },
      },
    });
    rec = registered(rec, { epoch: 1, size: 10, endEpoch: 8, deletable: false, objectId: P }, 2);
    rec = registered(rec, { epoch: 2, size: 10, endEpoch: 4, deletable: true, objectId: D2 }, 3);
    rec = applyCertified(rec, { epoch: 2, endEpoch: 5, deletable: true, objectId: D1 }, ref(4));
    expect(isCertified(rec, 2)).toBe(true);
    expect(blobStatus(rec, 2)).toEqual({
      permanent: {
        endEpoch: 8,
        isCertified: false,
        statusEvent: ref(4),
        deletableCounts: { count_deletable_total: 2, count_deletable_certified: 1 },
        initialCertifiedEpoch: 2,
      },
    });
    rec = applyCertified(rec, { epoch: 3, endEpoch: 8, deletable: false, objectId: P }, ref(5));
    expect(blobStatus(rec, 3)).toMatchObject({
      permanent: { isCertified: true, endEpoch: 8, initialCertifiedEpoch: 2 },
    });
    // An extension keeps the first certification epoch.
    rec = applyCertified(rec, { epoch: 4, endEpoch: 9, deletable: false, objectId: P }, ref(6));
    expect(rec.objects[P]).toEqual({ endEpoch: 9, deletable: false, certifiedEpoch: 3 });
  });

  it('expires objects by epoch and forgets the blob when none is left', () => {
    let rec = registered(
      undefined,
      { epoch: 1, size: 1, endEpoch: 3, deletable: false, objectId: P },
      1,
    );
    rec = registered(rec, { epoch: 1, size: 1, endEpoch: 5, deletable: true, objectId: D1 }, 2);
    expect(expire(rec, 3)?.objects).toEqual({
      [D1]: { endEpoch: 5, deletable: true, certifiedEpoch: null },
    });
    expect(isExpired(rec, 5)).toBe(true);
    expect(acceptsUploads(rec, 5)).toBe(false);
    expect(expire(rec, 5)).toBeNull();
    expect(blobStatus(rec, 5)).toBe('nonexistent');
  });

  it('deletes objects one by one and marks invalid blobs for good', () => {
    let rec = registered(
      undefined,
      { epoch: 1, size: 1, endEpoch: 3, deletable: true, objectId: D1 },
      1,
    );
    rec = registered(rec, { epoch: 1, size: 1, endEpoch: 3, deletable: true, objectId: D2 }, 2);
    const after = applyDeleted(rec, D1, ref(3));
    expect(after && Object.keys(after.objects)).toEqual([D2]);
    expect(applyDeleted(after!, D2, ref(4))).toBeNull();
    const invalid = applyInvalid(rec, 2, ref(5));
    expect(acceptsUploads(invalid, 2)).toBe(false);
    expect(blobStatus(invalid, 2)).toEqual({ invalid: { event: ref(5) } });
    expect(expire(invalid, 10)).toBe(invalid);
    expect(applyDeleted(invalid, D1, ref(6))).not.toBeNull();
  });
});
