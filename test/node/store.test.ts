/**
 * The node's lmdb store: slivers live in one sub-database per shard (dropped as a unit), values
 * survive closing and reopening, and a chain event's effects commit together with its cursor.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/util/log.ts';
import { NodeStore } from '../../src/node/store/node-store.ts';
import { applyRegistered } from '../../src/node/blob-record.ts';
import { tempDir } from './helpers.ts';

const ID_A = new Uint8Array(32).fill(1);
const ID_B = new Uint8Array(32).fill(2);

describe('node store', () => {
  it('keeps slivers per shard, drops a shard as a unit, and survives reopening', async () => {
    const dir = tempDir();
    try {
      let store = NodeStore.open({ path: dir.path, log: silentLogger });
      await store.putSliver(3, ID_A, 'primary', Uint8Array.of(1, 2, 3));
      await store.putSliver(3, ID_B, 'secondary', Uint8Array.of(4));
      await store.putSliver(4, ID_A, 'primary', Uint8Array.of(5));
      await store.putMetadata(ID_A, Uint8Array.of(9, 9));
      expect(store.sliverCount(3)).toBe(2);
      await store.dropShard(3);
      expect(store.sliverCount(3)).toBe(0);
      expect(store.getSliver(4, ID_A, 'primary')).toEqual(Uint8Array.of(5));
      await store.close();

      store = NodeStore.open({ path: dir.path, log: silentLogger });
      expect(store.getSliver(4, ID_A, 'primary')).toEqual(Uint8Array.of(5));
      expect(store.hasSliver(3, ID_A, 'primary')).toBe(false);
      expect(store.getMetadata(ID_A)).toEqual(Uint8Array.of(9, 9));
      await store.close();
    } finally {
      dir.remove();
    }
  });

  it('commits a blob record together with the event cursor', async () => {
    const dir = tempDir();
    try {
      const store = NodeStore.open({ path: dir.path, log: silentLogger });
      const rec = applyRegistered(
        undefined,
        { epoch: 1, size: 10, encodingType: 1, endEpoch: 5, deletable: false, objectId: '0x01' },
        { txDigest: 't', eventSeq: '0' },
      );
      await expect(
        store.transaction((tx) => {
          tx.putBlob(ID_A, rec);
          tx.putState('cursor', 'c1');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(store.getBlob(ID_A)).toBeUndefined();
      expect(store.getState('cursor')).toBeUndefined();
      await store.transaction((tx) => {
        tx.putBlob(ID_A, rec);
        tx.putState('cursor', 'c1');
      });
      expect(store.getBlob(ID_A)).toEqual(rec);
      expect(store.getState('cursor')).toBe('c1');
      await store.close();
    } finally {
      dir.remove();
    }
  });
});
