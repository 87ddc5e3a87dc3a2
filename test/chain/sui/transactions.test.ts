/**
 * Every Floe transaction built offline (all object references and the gas payment given, no Sui
 * client) and decoded back from its bytes: the Move calls, their targets, each argument's kind,
 * and the BCS of every pure argument (encoded here independently with @mysten/bcs).
 */
import { verifyTransactionSignature } from '@mysten/sui/verify';
import { describe, expect, it } from 'vitest';
import { blobIdToBytes } from '../../../src/chain/ids.ts';
import {
  ENTRY_POINTS,
  type EntryPointName,
  moveCall,
} from '../../../src/chain/sui/entry-points.ts';
import {
  buildBurnBlob,
  buildCertifyBlob,
  buildDeleteBlob,
  buildExtendBlob,
  buildExtendBlobWithResource,
  buildFuseStorage,
  buildInvalidateBlobId,
  buildRegisterBlob,
  buildReserveAndRegisterBlob,
  buildReserveSpace,
  buildSplitStorage,
} from '../../../src/chain/sui/ptb/storage.ts';
import {
  buildCollectCommission,
  buildEpochSyncDone,
  buildInitiateEpochChange,
  buildRegisterNode,
  buildRequestWithdraw,
  buildStake,
  buildWithdraw,
} from '../../../src/chain/sui/ptb/staking.ts';
import {
  buildOpenChallengeRound,
  buildReportEquivocation,
  buildReportInvalidSymbol,
  buildSubmitChallengeCertificate,
} from '../../../src/chain/sui/ptb/challenge.ts';
import { buildCreateSystem, buildSetParams } from '../../../src/chain/sui/ptb/system.ts';
import type { SystemParams } from '../../../src/chain/types.ts';
import { Transaction } from '@mysten/sui/transactions';
import {
  buildOffline,
  CLOCK,
  CTX,
  enc,
  owned,
  RANDOM,
  ref,
  SENDER,
  SYSTEM_MUT,
  SYSTEM_RO,
  target,
} from './offline.ts';

const t = (name: EntryPointName, fn: string = name) => target(ENTRY_POINTS[name].module, fn);
const toSender = enc.address(SENDER);
const cert = {
  signature: new Uint8Array(96).fill(0xa1),
  signersBitmap: Uint8Array.of(0b1011),
  message: Uint8Array.of(1, 0, 3, 2, 0, 0, 0, 9, 9),
};
const certArgs = [
  enc.bytes(cert.signature),
  enc.bytes(cert.signersBitmap),
  enc.bytes(cert.message),
];
const blobFields = {
  blobId: (1n << 255n) + 12345n,
  rootHash: 0xabcdefn << 200n,
  size: 1_000_000n,
  encodingType: 1,
  deletable: true,
};
const blobArgs = [
  enc.u256(blobFields.blobId),
  enc.u256(blobFields.rootHash),
  enc.u64(blobFields.size),
  enc.u8(1),
  enc.bool(true),
];

const PARAMS: SystemParams = {
  nShards: 1000,
  epochDurationMs: 86_400_000n,
  maxCommitteeSize: 100,
  minStake: 10n ** 12n,
  maxShardsPerNode: 200,
  rotationBps: 50,
  storagePricePerUnit: 11n,
  writePricePerUnit: 7n,
  unitSize: 1n << 20n,
  maxEpochsAhead: 52,
  maxCommissionBps: 5000,
  reporterRewardBps: 1000,
  slashBps: 500,
  absenceSlashBps: 100,
  maxAbsences: 3,
  challengeIntervalMs: 3_600_000n,
};
const paramArgs = [
  enc.u16(1000),
  enc.u64(86_400_000n),
  enc.u16(100),
  enc.u64(10n ** 12n),
  enc.u16(200),
  enc.u16(50),
  enc.u64(11n),
  enc.u64(7n),
  enc.u64(1n << 20n),
  enc.u32(52),
  enc.u16(5000),
  enc.u16(1000),
  enc.u16(500),
  enc.u16(100),
  enc.u8(3),
  enc.u64(3_600_000n),
];

describe('offline-built transactions decode to the expected Move calls', () => {
  it('blob IDs go on chain as their own 32 bytes (u256 little-endian)', () => {
    expect(enc.u256(blobFields.blobId).pure).toBe(
      Buffer.from(blobIdToBytes(blobFields.blobId)).toString('hex'),
    );
  });

  it('create_system builds SystemParams with params::new in the same PTB', async () => {
    const admin = ref(0x0a);
    const { commands } = await buildOffline((tx) =>
      buildCreateSystem(tx, CTX, { adminCap: admin, params: PARAMS }),
    );
    expect(commands).toEqual([
      { call: t('new_params', 'new'), args: paramArgs },
      { call: t('create_system'), args: [owned(admin), { result: 0 }, CLOCK] },
    ]);
  });

  it('set_params', async () => {
    const admin = ref(0x0a);
    const { commands } = await buildOffline((tx) =>
      buildSetParams(tx, CTX, { adminCap: admin, params: PARAMS }),
    );
    expect(commands).toEqual([
      { call: t('new_params', 'new'), args: paramArgs },
      { call: t('set_params'), args: [SYSTEM_MUT, owned(admin), { result: 0 }] },
    ]);
  });

  it('register_node sends the cap to the sender', async () => {
    const pk = new Uint8Array(48).fill(3);
    const pop = new Uint8Array(96).fill(4);
    const { commands } = await buildOffline((tx) =>
      buildRegisterNode(tx, CTX, {
        name: 'node-ä',
        networkAddress: '127.0.0.1:9100',
        publicKey: pk,
        proofOfPossession: pop,
        capacity: 5n << 40n,
        commissionBps: 250,
      }),
    );
    expect(commands).toEqual([
      {
        call: t('register_node'),
        args: [
          SYSTEM_MUT,
          enc.string('node-ä'),
          enc.string('127.0.0.1:9100'),
          enc.bytes(pk),
          enc.bytes(pop),
          enc.u64(5n << 40n),
          enc.u16(250),
        ],
      },
      { transfer: [{ result: 0 }], to: toSender },
    ]);
  });

  it('stake splits the stake from gas and keeps the StakedFloe', async () => {
    const node = '0x' + '42'.repeat(32);
    const { commands } = await buildOffline((tx) =>
      buildStake(tx, CTX, { nodeId: node, amount: 123_456_789n }),
    );
    expect(commands).toEqual([
      { split: 'gas', amounts: [enc.u64(123_456_789n)] },
      { call: t('stake'), args: [SYSTEM_MUT, enc.address(node), { result: 0, index: 0 }] },
      { transfer: [{ result: 1 }], to: toSender },
    ]);
  });

  it('request_withdraw, withdraw (coin merged into gas), collect_commission', async () => {
    const staked = ref(0x51, 30);
    const cap = ref(0xca, 12);
    expect(
      (await buildOffline((tx) => buildRequestWithdraw(tx, CTX, { staked }))).commands,
    ).toEqual([{ call: t('request_withdraw'), args: [SYSTEM_MUT, owned(staked)] }]);
    expect((await buildOffline((tx) => buildWithdraw(tx, CTX, { staked }))).commands).toEqual([
      { call: t('withdraw'), args: [SYSTEM_MUT, owned(staked)] },
      { merge: 'gas', sources: [{ result: 0 }] },
    ]);
    expect((await buildOffline((tx) => buildCollectCommission(tx, CTX, { cap }))).commands).toEqual(
      [
        { call: t('collect_commission'), args: [SYSTEM_MUT, owned(cap)] },
        { merge: 'gas', sources: [{ result: 0 }] },
      ],
    );
  });

  it('initiate_epoch_change takes Random and Clock by shared reference, and nothing follows it', async () => {
    const { commands } = await buildOffline((tx) => buildInitiateEpochChange(tx, CTX));
    expect(commands).toEqual([
      { call: t('initiate_epoch_change'), args: [SYSTEM_MUT, RANDOM, CLOCK] },
    ]);
  });

  it('epoch_sync_done', async () => {
    const cap = ref(0xca, 12);
    const { commands } = await buildOffline((tx) => buildEpochSyncDone(tx, CTX, { cap, epoch: 7 }));
    expect(commands).toEqual([
      { call: t('epoch_sync_done'), args: [SYSTEM_MUT, owned(cap), enc.u32(7), CLOCK] },
    ]);
  });

  it('reserve_space pays from the gas coin by reference when no cap is given', async () => {
    const { commands } = await buildOffline((tx) =>
      buildReserveSpace(tx, CTX, { storageSize: 5n << 20n, epochsAhead: 3 }),
    );
    expect(commands).toEqual([
      { call: t('reserve_space'), args: [SYSTEM_MUT, enc.u64(5n << 20n), enc.u32(3), 'gas'] },
      { transfer: [{ result: 0 }], to: toSender },
    ]);
  });

  it('reserve_space + register_blob are ONE transaction sharing one capped payment coin', async () => {
    const { commands } = await buildOffline((tx) =>
      buildReserveAndRegisterBlob(tx, CTX, {
        ...blobFields,
        storageSize: 5_000_000n,
        epochsAhead: 2,
        payment: 9_999n,
      }),
    );
    expect(commands).toEqual([
      { split: 'gas', amounts: [enc.u64(9_999n)] },
      {
        call: t('reserve_space'),
        args: [SYSTEM_MUT, enc.u64(5_000_000n), enc.u32(2), { result: 0, index: 0 }],
      },
      {
        call: t('register_blob'),
        args: [SYSTEM_MUT, { result: 1 }, ...blobArgs, { result: 0, index: 0 }],
      },
      { merge: 'gas', sources: [{ result: 0, index: 0 }] },
      { transfer: [{ result: 2 }], to: toSender },
    ]);
  });

  it('register_blob with an owned Storage', async () => {
    const storage = ref(0x57, 3);
    const { commands } = await buildOffline((tx) =>
      buildRegisterBlob(tx, CTX, { ...blobFields, storage }),
    );
    expect(commands).toEqual([
      { call: t('register_blob'), args: [SYSTEM_MUT, owned(storage), ...blobArgs, 'gas'] },
      { transfer: [{ result: 0 }], to: toSender },
    ]);
  });

  it('certify_blob (System read-only), invalidate_blob_id pass the certificate as three byte vectors', async () => {
    const blob = ref(0xb1, 5);
    expect(
      (await buildOffline((tx) => buildCertifyBlob(tx, CTX, { blob, certificate: cert }))).commands,
    ).toEqual([{ call: t('certify_blob'), args: [SYSTEM_RO, owned(blob), ...certArgs] }]);
    expect(
      (await buildOffline((tx) => buildInvalidateBlobId(tx, CTX, { certificate: cert }))).commands,
    ).toEqual([{ call: t('invalidate_blob_id'), args: [SYSTEM_MUT, ...certArgs] }]);
  });

  it('extend_blob (capped), extend_blob_with_resource, delete_blob, burn', async () => {
    const blob = ref(0xb1, 5);
    const storage = ref(0x57, 3);
    expect(
      (
        await buildOffline((tx) =>
          buildExtendBlob(tx, CTX, { blob, extendedEpochs: 4, payment: 500n }),
        )
      ).commands,
    ).toEqual([
      { split: 'gas', amounts: [enc.u64(500n)] },
      {
        call: t('extend_blob'),
        args: [SYSTEM_MUT, owned(blob), enc.u32(4), { result: 0, index: 0 }],
      },
      { merge: 'gas', sources: [{ result: 0, index: 0 }] },
    ]);
    expect(
      (await buildOffline((tx) => buildExtendBlobWithResource(tx, CTX, { blob, storage })))
        .commands,
    ).toEqual([
      { call: t('extend_blob_with_resource'), args: [SYSTEM_RO, owned(blob), owned(storage)] },
    ]);
    expect((await buildOffline((tx) => buildDeleteBlob(tx, CTX, { blob }))).commands).toEqual([
      { call: t('delete_blob'), args: [SYSTEM_RO, owned(blob)] },
      { transfer: [{ result: 0 }], to: toSender },
    ]);
    expect((await buildOffline((tx) => buildBurnBlob(tx, CTX, { blob }))).commands).toEqual([
      { call: t('burn'), args: [owned(blob)] },
    ]);
  });

  it('split_by_epoch, split_by_size, fuse on owned Storage', async () => {
    const a = ref(0x57, 3);
    const b = ref(0x58, 4);
    expect(
      (await buildOffline((tx) => buildSplitStorage(tx, CTX, { storage: a, splitEpoch: 9 })))
        .commands,
    ).toEqual([
      { call: t('split_by_epoch'), args: [owned(a), enc.u32(9)] },
      { transfer: [{ result: 0 }], to: toSender },
    ]);
    expect(
      (await buildOffline((tx) => buildSplitStorage(tx, CTX, { storage: a, splitSize: 1024n })))
        .commands,
    ).toEqual([
      { call: t('split_by_size'), args: [owned(a), enc.u64(1024n)] },
      { transfer: [{ result: 0 }], to: toSender },
    ]);
    expect(
      (await buildOffline((tx) => buildFuseStorage(tx, CTX, { first: a, second: b }))).commands,
    ).toEqual([{ call: t('fuse'), args: [owned(a), owned(b)] }]);
  });

  it('open_challenge_round and submit_challenge_certificate', async () => {
    const cap = ref(0xca, 12);
    expect((await buildOffline((tx) => buildOpenChallengeRound(tx, CTX))).commands).toEqual([
      { call: t('open_challenge_round'), args: [SYSTEM_MUT, RANDOM, CLOCK] },
    ]);
    expect(
      (
        await buildOffline((tx) =>
          buildSubmitChallengeCertificate(tx, CTX, { cap, round: 77n, certificate: cert }),
        )
      ).commands,
    ).toEqual([
      {
        call: t('submit_challenge_certificate'),
        args: [SYSTEM_MUT, owned(cap), enc.u64(77n), ...certArgs],
      },
    ]);
  });

  it('report_invalid_symbol and report_equivocation merge the reward into gas', async () => {
    const node = '0x' + '42'.repeat(32);
    const sig = new Uint8Array(96).fill(1);
    const msg = Uint8Array.of(5, 0, 3, 1, 0, 0, 0);
    expect(
      (
        await buildOffline((tx) =>
          buildReportInvalidSymbol(tx, CTX, { nodeId: node, signature: sig, message: msg }),
        )
      ).commands,
    ).toEqual([
      {
        call: t('report_invalid_symbol'),
        args: [SYSTEM_MUT, enc.address(node), enc.bytes(sig), enc.bytes(msg)],
      },
      { merge: 'gas', sources: [{ result: 0 }] },
    ]);
    const sigB = new Uint8Array(96).fill(2);
    const msgB = Uint8Array.of(4, 0, 3, 1, 0, 0, 0, 1);
    const { commands } = await buildOffline((tx) =>
      buildReportEquivocation(tx, CTX, {
        nodeId: node,
        signatureA: sig,
        messageA: msg,
        signatureB: sigB,
        messageB: msgB,
      }),
    );
    expect(commands).toEqual([
      {
        call: t('report_equivocation'),
        args: [
          SYSTEM_MUT,
          enc.address(node),
          enc.bytes(sig),
          enc.bytes(msg),
          enc.bytes(sigB),
          enc.bytes(msgB),
        ],
      },
      { merge: 'gas', sources: [{ result: 0 }] },
    ]);
  });

  it('signatures over the offline bytes verify for the sender', async () => {
    const { bytes, signature } = await buildOffline((tx) => buildInitiateEpochChange(tx, CTX));
    const pk = await verifyTransactionSignature(bytes, signature);
    expect(pk.toSuiAddress()).toBe(SENDER);
  });

  it('rejects out-of-range values and wrong argument counts before building', () => {
    const tx = new Transaction();
    expect(() => buildEpochSyncDone(tx, CTX, { cap: ref(1), epoch: 2 ** 32 })).toThrow(RangeError);
    expect(() => buildStake(new Transaction(), CTX, { nodeId: '0x42', amount: -1n })).toThrow(
      RangeError,
    );
    expect(() =>
      buildRegisterBlob(new Transaction(), CTX, {
        ...blobFields,
        blobId: 1n << 256n,
        storage: ref(2),
      }),
    ).toThrow(RangeError);
    expect(() => buildStake(new Transaction(), CTX, { nodeId: 'not-hex', amount: 1n })).toThrow(
      RangeError,
    );
    expect(() => moveCall(new Transaction(), CTX.packageId, 'certify_blob', [])).toThrow(
      /Move declares 5/,
    );
  });
});
