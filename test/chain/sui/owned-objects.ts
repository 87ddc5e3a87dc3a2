/**
 * A stand-in for a full node's owned-object index, for the Sui adapter's owned-object reads:
 * `listOwnedObjects` filtered by owner and (normalized) type, in pages of two with a cursor, as a
 * full node pages them. Every call is pushed to `calls`. `objects` is read at each call, so a test
 * may fill it after building the client.
 */
import type { ClientWithCoreApi, SuiClientTypes } from '@mysten/sui/client';
import { normalizeStructTag } from '@mysten/sui/utils';

export type OwnedObject = { objectId: string; type: string; owner: string; content: Uint8Array };

export function ownedObjectIndex(
  objects: readonly OwnedObject[],
  calls: SuiClientTypes.ListOwnedObjectsOptions[] = [],
): ClientWithCoreApi {
  const core = {
    listOwnedObjects: async (o: SuiClientTypes.ListOwnedObjectsOptions) => {
      calls.push(o);
      const mine = objects.filter(
        (x) =>
          x.owner === o.owner &&
          (o.type === undefined || normalizeStructTag(x.type) === normalizeStructTag(o.type)),
      );
      const from = o.cursor ? Number(o.cursor) : 0;
      const page = mine.slice(from, from + 2);
      return {
        objects: page.map((x) => ({
          objectId: x.objectId,
          version: '4',
          digest: 'd',
          type: x.type,
          owner: { $kind: 'AddressOwner', AddressOwner: x.owner },
          content: x.content,
        })),
        hasNextPage: from + 2 < mine.length,
        cursor: from + 2 < mine.length ? String(from + 2) : null,
      };
    },
  };
  return { core } as unknown as ClientWithCoreApi;
}
