/**
 * SuiExecutor's handling of what a full node answers to signAndExecuteTransaction: created and
 * written objects, published packages, the sender's net SUI change and gas, decoded Floe events;
 * failed transactions mapped to typed errors; one transaction at a time per sender. The node is a
 * stand-in object returning responses in the SDK's documented shapes (no Sui node runs here).
 */
import type { ClientWithCoreApi, SuiClientTypes } from '@mysten/sui/client';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { describe, expect, it } from 'vitest';
import { ABORT_CODES } from '../../../src/chain/abort-codes.ts';
import { BlobCertified } from '../../../src/chain/bcs.ts';
import { InsufficientFundsError, MoveAbortError } from '../../../src/chain/errors.ts';
import { abortLookupFrom } from '../../../src/chain/sui/abort.ts';
import { decodeCursor } from '../../../src/chain/sui/cursor.ts';
import { SuiExecutor } from '../../../src/chain/sui/executor.ts';
import { silentLogger } from '../../../src/util/log.ts';

const PKG = '0x' + 'ab'.repeat(32);
const signer = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(9));
const SENDER = signer.toSuiAddress();

function changed(
  objectId: string,
  idOperation: 'Created' | 'None',
  owner: SuiClientTypes.ObjectOwner | null,
  outputState: SuiClientTypes.ChangedObject['outputState'] = 'ObjectWrite',
): SuiClientTypes.ChangedObject {
  return {
    objectId,
    inputState: 'Unknown',
    inputVersion: null,
    inputDigest: null,
    inputOwner: null,
    outputState,
    outputVersion: '2',
    outputDigest: 'd',
    outputOwner: owner,
    idOperation,
  };
}

function txResponse(
  kind: 'Transaction' | 'FailedTransaction',
  status: SuiClientTypes.ExecutionStatus,
) {
  const blobId = '0x' + 'b1'.repeat(32);
  const tx = {
    digest: 'DIGEST1',
    signatures: [],
    epoch: '1',
    timestampMs: null,
    checkpoint: null,
    status,
    balanceChanges: [{ coinType: '0x2::sui::SUI', address: SENDER, amount: '-1500' }],
    effects: {
      bcs: null,
      version: 2,
      status,
      gasUsed: {
        computationCost: '1000',
        storageCost: '700',
        storageRebate: '200',
        nonRefundableStorageFee: '0',
      },
      transactionDigest: 'DIGEST1',
      gasObject: null,
      eventsDigest: null,
      dependencies: [],
      lamportVersion: null,
      changedObjects: [
        changed(blobId, 'Created', { $kind: 'AddressOwner', AddressOwner: SENDER } as never),
        changed('0x' + '5e'.repeat(32), 'Created', {
          $kind: 'Shared',
          Shared: { initialSharedVersion: '7' },
        } as never),
        changed('0x' + 'cc'.repeat(32), 'Created', null, 'PackageWrite'),
      ],
      unchangedConsensusObjects: [],
      auxiliaryDataDigest: null,
    },
    events: [
      {
        packageId: '0x2',
        module: 'coin',
        sender: SENDER,
        eventType: '0x2::coin::Other',
        bcs: new Uint8Array(1),
        json: null,
      },
      {
        packageId: PKG,
        module: 'events',
        sender: SENDER,
        eventType: `${PKG}::events::BlobCertified`,
        bcs: BlobCertified.serialize({
          epoch: 3,
          blob_id: 5n,
          end_epoch: 9,
          deletable: false,
          object_id: blobId,
          is_extension: false,
        }).toBytes(),
        json: null,
      },
    ],
    objectTypes: {
      [blobId]: `${PKG}::blob::Blob`,
      ['0x' + '5e'.repeat(32)]: `${PKG}::system::System`,
    },
    transaction: undefined,
    bcs: undefined,
  };
  return { $kind: kind, [kind]: tx } as unknown as SuiClientTypes.TransactionResult<{
    effects: true;
    events: true;
    objectTypes: true;
    balanceChanges: true;
  }>;
}

function node(answer: () => Promise<unknown>) {
  let active = 0;
  let maxActive = 0;
  const core = {
    signAndExecuteTransaction: async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      return answer();
    },
    waitForTransaction: async () => undefined,
    getBalance: async () => ({ balance: { balance: '42' } }),
  };
  return { client: { core } as unknown as ClientWithCoreApi, maxActive: () => maxActive };
}

const executor = (client: ClientWithCoreApi) =>
  new SuiExecutor({
    client,
    signer,
    packageId: PKG,
    abortLookup: abortLookupFrom(ABORT_CODES),
    logger: silentLogger,
  });

describe('SuiExecutor', () => {
  it('reads created objects, shared versions, packages, net SUI, gas and Floe events', async () => {
    const { client } = node(async () => txResponse('Transaction', { success: true, error: null }));
    const t = await executor(client).run('test', () => {});
    expect(t.digest).toBe('DIGEST1');
    expect(t.created.map((c) => c.type)).toEqual([
      `${PKG}::blob::Blob`,
      `${PKG}::system::System`,
      '',
    ]);
    expect(t.written.find((w) => w.type.endsWith('::System'))?.initialSharedVersion).toBe('7');
    expect(t.written.find((w) => w.type.endsWith('::Blob'))?.owner).toBe(SENDER);
    expect(t.published).toEqual(['0x' + 'cc'.repeat(32)]);
    expect(t.senderSuiDelta).toBe(-1500n);
    expect(t.gasCost).toBe(1500n);
    expect(t.events.map((e) => e.event.type)).toEqual(['BlobCertified']);
    expect(t.events[0].eventIndex).toBe(1);
    expect(decodeCursor(t.events[0].cursor)).toEqual({
      kind: 'event',
      txDigest: 'DIGEST1',
      eventIndex: 1,
    });
  });

  it('maps a failed transaction with a clever abort to MoveAbortError with the Move name', async () => {
    const entry = ABORT_CODES.find((c) => c.module === 'blob_ops')!;
    const error = {
      $kind: 'MoveAbort',
      message: 'abort',
      MoveAbort: {
        abortCode: String((0xcn << 60n) | (BigInt(entry.code) << 48n) | 0xffff_ffff_ffffn),
        location: { module: 'blob_ops', functionName: 'certify_blob' },
      },
    };
    const { client } = node(async () =>
      txResponse('FailedTransaction', { success: false, error } as never),
    );
    const err = await executor(client)
      .run('certify', () => {})
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MoveAbortError);
    expect(err).toMatchObject({
      module: 'blob_ops',
      abortCode: entry.code,
      constantName: entry.name,
      fn: 'blob_ops::certify_blob',
    });
  });

  it('turns a too-small coin into InsufficientFundsError with the payment and the balance', async () => {
    const error = {
      $kind: 'Unknown',
      message: 'Insufficient coin balance for operation.',
      Unknown: null,
    };
    const { client } = node(async () =>
      txResponse('FailedTransaction', { success: false, error } as never),
    );
    const err = await executor(client)
      .run('stake', () => {}, 1000n)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InsufficientFundsError);
    expect(err).toMatchObject({ needed: 1000n, available: 42n });
  });

  it('sends one transaction at a time per sender', async () => {
    const { client, maxActive } = node(async () =>
      txResponse('Transaction', { success: true, error: null }),
    );
    const ex = executor(client);
    await Promise.all([ex.run('a', () => {}), ex.run('b', () => {}), ex.run('c', () => {})]);
    expect(maxActive()).toBe(1);
  });

  it('keeps serving after a failure', async () => {
    let first = true;
    const { client } = node(async () => {
      if (first) {
        first = false;
        throw new TypeError('fetch failed');
      }
      return txResponse('Transaction', { success: true, error: null });
    });
    const ex = executor(client);
    await expect(ex.run('a', () => {})).rejects.toMatchObject({
      code: 'CHAIN_UNAVAILABLE',
      retryable: true,
    });
    await expect(ex.run('b', () => {})).resolves.toMatchObject({ digest: 'DIGEST1' });
  });
});
