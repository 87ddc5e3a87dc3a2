/**
 * Offline pieces for tests of the Sui adapter and of what runs over it: a `SuiChainClient` over a
 * stand-in of the full node's core API (no Sui node runs), the System object's bytes encoded from
 * the Move struct definitions, and a successful transaction as the full node reports it.
 */
import type { ClientWithCoreApi, SuiClientTypes } from '@mysten/sui/client';
import type { Signer } from '@mysten/sui/cryptography';
import { SuiChainClient } from '../../../src/chain/sui/client.ts';
import { silentLogger } from '../../../src/util/log.ts';
import type { MoveBcs } from './move-types.ts';

/** A `SuiChainClient` for the package and System given, over `client` (a stand-in). */
export function standInSuiChain(
  client: ClientWithCoreApi,
  opts: { packageId: string; systemObjectId: string; signer?: Signer },
): SuiChainClient {
  return new SuiChainClient({
    deployment: {
      network: 'testnet',
      rpcUrl: 'http://127.0.0.1:9000',
      packageId: opts.packageId,
      systemObjectId: opts.systemObjectId,
      systemInitialSharedVersion: '3',
      randomInitialSharedVersion: '2',
    },
    ...(opts.signer ? { signer: opts.signer } : {}),
    logger: silentLogger,
    gasBudget: 50_000_000n,
    client,
  });
}

/** The BCS of a System object `systemId` in `epoch` with no registered node. */
export function systemBytes(types: MoveBcs, systemId: string, epoch: number): Uint8Array {
  const system = types.sample('System', 1) as Record<string, unknown> & {
    inner: Record<string, unknown>;
  };
  system.id = { id: systemId };
  system.version = '1';
  system.inner.epoch = epoch;
  system.inner.node_ids = [];
  return types.type('System').serialize(system).toBytes();
}

/**
 * A successful transaction that emitted `events` (of the package's `events` module); with
 * `sender`, it cost the sender 100 MIST and created `created` ([ID, type] pairs) for them.
 */
export function txSuccess(
  packageId: string,
  events: { name: string; bcs: Uint8Array }[],
  opts: { sender?: string; created?: [string, string][] } = {},
): SuiClientTypes.TransactionResult {
  const created = opts.created ?? [];
  return {
    $kind: 'Transaction',
    Transaction: {
      digest: 'D',
      status: { success: true, error: null },
      balanceChanges: opts.sender
        ? [{ coinType: '0x2::sui::SUI', address: opts.sender, amount: '-100' }]
        : [],
      effects: {
        gasUsed: {
          computationCost: '60',
          storageCost: '50',
          storageRebate: '10',
          nonRefundableStorageFee: '0',
        },
        changedObjects: created.map(([objectId]) => ({
          objectId,
          idOperation: 'Created',
          outputState: 'ObjectWrite',
          outputOwner: { $kind: 'AddressOwner', AddressOwner: opts.sender },
        })),
      },
      events: events.map((e) => ({ eventType: `${packageId}::events::${e.name}`, bcs: e.bcs })),
      objectTypes: Object.fromEntries(created),
    },
  } as unknown as SuiClientTypes.TransactionResult;
}
