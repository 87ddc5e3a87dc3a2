/**
 * Every transaction the embedded chain accepts, by the `ChainClient` method name: how its
 * arguments become Move calls (coins split from the sender's balance, owned objects taken and
 * checked) and what it returns. A transaction that takes `&Random` is marked `random`.
 */
import type { Certificate } from '../../crypto/certificate.ts';
import { TransactionRejectedError } from '../errors.ts';
import { normalizeId, type Address, type ObjectId } from '../ids.ts';
import type { RegisterBlobArgs, RegisterNodeArgs, SystemParams } from '../types.ts';
import type { ArgSpec } from './arg-check.ts';
import * as blobOps from './blob-ops.ts';
import * as challenge from './challenge.ts';
import { giveCoin, owned, takeCoin, type Env } from './env.ts';
import * as epoch from './epoch.ts';
import * as slashing from './slashing.ts';
import * as staking from './staking.ts';
import { encodedSize, fuse, splitByEpoch, splitBySize } from './storage-resource.ts';
import * as system from './system.ts';

/**
 * The Move call(s) a transaction makes: module, function, and the names of the parameters it
 * supplies (the System, Clock, Random and TxContext are implied). The lockstep test compares
 * these with the `.move` sources.
 */
export interface MoveCall {
  module: string;
  fn: string;
  args: readonly string[];
}

export interface OpSpec<A = never, R = unknown> {
  random?: boolean;
  /** Empty for the embedded chain's own faucet. */
  move: readonly MoveCall[];
  run(env: Env, args: A): R;
}

const call = (module: string, fn: string, ...args: string[]): MoveCall => ({ module, fn, args });

/** Runs `f` with a coin of `amount` split from the sender; what Move leaves returns to them. */
function withCoin<R>(env: Env, amount: bigint, f: (coin: system.Coin) => R): R {
  const coin = { value: takeCoin(env, amount) };
  const r = f(coin);
  giveCoin(env, env.ctx.sender, coin.value);
  return r;
}

/** Takes an owned Storage out of the sender's objects (it is passed by value). */
function takeStorage(env: Env, storageId: ObjectId) {
  const storage = owned(env, env.s.storage, 'Storage', storageId);
  env.s.storage.delete(storageId);
  return storage;
}

function writeFee(env: Env, size: bigint): bigint {
  const p = env.s.params;
  return system.units(p, encodedSize(size, p.nShards)) * p.writePricePerUnit;
}

const op = <A, R>(spec: OpSpec<A, R>): OpSpec<A, R> => spec;

const PARAM_NAMES = [
  'n_shards',
  'epoch_duration_ms',
  'max_committee_size',
  'min_stake',
  'max_shards_per_node',
  'rotation_bps',
  'storage_price_per_unit',
  'write_price_per_unit',
  'unit_size',
  'max_epochs_ahead',
  'max_commission_bps',
  'reporter_reward_bps',
  'slash_bps',
  'absence_slash_bps',
  'max_absences',
  'challenge_interval_ms',
];
const REGISTER_BLOB = call(
  'blob_ops',
  'register_blob',
  'storage',
  'blob_id',
  'root_hash',
  'size',
  'encoding_type',
  'deletable',
  'write_payment',
);

export const OPS = {
  /** Embedded only: credits SUI to an address (the local network's faucet). */
  mint: op({
    move: [],
    run(env, a: { to: Address; amount: bigint }) {
      if (typeof a.amount !== 'bigint' || a.amount <= 0n)
        throw new TransactionRejectedError('amount must be positive');
      giveCoin(env, normalizeId(a.to, 'to'), a.amount);
      return {};
    },
  }),
  setParams: op({
    move: [call('params', 'new', ...PARAM_NAMES), call('system', 'set_params', 'admin', 'params')],
    run(env, a: { adminCapId: ObjectId; params: SystemParams }) {
      system.setParams(env, a.adminCapId, system.newParams(a.params));
      return {};
    },
  }),
  registerNode: op({
    move: [
      call(
        'storage_node',
        'register_node',
        'name',
        'network_address',
        'public_key',
        'proof_of_possession',
        'capacity',
        'commission_bps',
      ),
    ],
    run: (env, a: RegisterNodeArgs) => staking.registerNode(env, a),
  }),
  stake: op({
    move: [call('staking_pool', 'stake', 'node_id', 'coin')],
    run: (env, a: { nodeId: ObjectId; amount: bigint }) =>
      withCoin(env, a.amount, (coin) => {
        const value = coin.value;
        coin.value = 0n;
        return staking.stake(env, a.nodeId, value);
      }),
  }),
  requestWithdraw: op({
    move: [call('staking_pool', 'request_withdraw', 'staked')],
    run(env, a: { stakedId: ObjectId }) {
      staking.requestWithdraw(env, a.stakedId);
      return {};
    },
  }),
  withdraw: op({
    move: [call('staking_pool', 'withdraw', 'staked')],
    run(env, a: { stakedId: ObjectId }) {
      const r = staking.withdraw(env, a.stakedId);
      giveCoin(env, env.ctx.sender, r.amount);
      return r;
    },
  }),
  collectCommission: op({
    move: [call('staking_pool', 'collect_commission', 'cap')],
    run(env, a: { capId: ObjectId }) {
      const r = staking.collectCommission(env, a.capId);
      giveCoin(env, env.ctx.sender, r.amount);
      return r;
    },
  }),
  initiateEpochChange: op({
    move: [call('epoch', 'initiate_epoch_change')],
    random: true,
    run(env) {
      epoch.initiateEpochChange(env);
      return {};
    },
  }),
  epochSyncDone: op({
    move: [call('epoch', 'epoch_sync_done', 'cap', 'epoch')],
    run(env, a: { capId: ObjectId; epoch: number }) {
      epoch.epochSyncDone(env, a.capId, a.epoch);
      return {};
    },
  }),
  reserveSpace: op({
    move: [call('system', 'reserve_space', 'storage_size', 'epochs_ahead', 'payment')],
    run(env, a: { storageSize: bigint; epochsAhead: number; payment?: bigint }) {
      const amount = a.payment ?? system.storageCost(env.s.params, a.storageSize, a.epochsAhead);
      return withCoin(env, amount, (coin) => {
        const r = system.reserveSpace(env, a.storageSize, a.epochsAhead, coin);
        env.s.storage.set(r.storageId, { ...r.storage, owner: env.ctx.sender });
        return { storageId: r.storageId, cost: r.cost };
      });
    },
  }),
  registerBlob: op({
    move: [REGISTER_BLOB],
    run(env, a: RegisterBlobArgs & { storageId: ObjectId; writePayment?: bigint }) {
      const storage = takeStorage(env, a.storageId);
      return withCoin(env, a.writePayment ?? writeFee(env, a.size), (coin) =>
        blobOps.registerBlob(env, a.storageId, storage, a, coin),
      );
    },
  }),
  reserveAndRegisterBlob: op({
    move: [
      call('system', 'reserve_space', 'storage_size', 'epochs_ahead', 'payment'),
      REGISTER_BLOB,
    ],
    run(env, a: RegisterBlobArgs & { storageSize: bigint; epochsAhead: number; payment?: bigint }) {
      const amount =
        a.payment ??
        system.storageCost(env.s.params, a.storageSize, a.epochsAhead) + writeFee(env, a.size);
      return withCoin(env, amount, (coin) => {
        const r = system.reserveSpace(env, a.storageSize, a.epochsAhead, coin);
        const storage = { ...r.storage, owner: env.ctx.sender };
        const { blobObjectId } = blobOps.registerBlob(env, r.storageId, storage, a, coin);
        return { blobObjectId, storageId: r.storageId };
      });
    },
  }),
  certifyBlob: op({
    move: [call('blob_ops', 'certify_blob', 'blob', 'signature', 'signers_bitmap', 'message')],
    run(env, a: { blobObjectId: ObjectId; certificate: Certificate }) {
      blobOps.certifyBlob(env, a.blobObjectId, a.certificate);
      return {};
    },
  }),
  extendBlob: op({
    move: [call('blob_ops', 'extend_blob', 'blob', 'extended_epochs', 'payment')],
    run(env, a: { blobObjectId: ObjectId; extendedEpochs: number; payment?: bigint }) {
      const blob = owned(env, env.s.blobs, 'Blob', a.blobObjectId);
      const amount =
        a.payment ?? system.storageCost(env.s.params, blob.storage.storageSize, a.extendedEpochs);
      withCoin(env, amount, (coin) =>
        blobOps.extendBlob(env, a.blobObjectId, a.extendedEpochs, coin),
      );
      return {};
    },
  }),
  extendBlobWithResource: op({
    move: [call('blob_ops', 'extend_blob_with_resource', 'blob', 'extension')],
    run(env, a: { blobObjectId: ObjectId; storageId: ObjectId }) {
      blobOps.extendBlobWithResource(env, a.blobObjectId, takeStorage(env, a.storageId));
      return {};
    },
  }),
  deleteBlob: op({
    move: [call('blob_ops', 'delete_blob', 'blob')],
    run: (env, a: { blobObjectId: ObjectId }) => blobOps.deleteBlob(env, a.blobObjectId),
  }),
  burnBlob: op({
    move: [call('blob', 'burn', 'blob')],
    run(env, a: { blobObjectId: ObjectId }) {
      blobOps.burnBlob(env, a.blobObjectId);
      return {};
    },
  }),
  invalidateBlobId: op({
    move: [call('blob_ops', 'invalidate_blob_id', 'signature', 'signers_bitmap', 'message')],
    run: (env, a: { certificate: Certificate }) => blobOps.invalidateBlobId(env, a.certificate),
  }),
  splitStorageByEpoch: op({
    move: [call('storage_resource', 'split_by_epoch', 'storage', 'split_epoch')],
    run(env, a: { storageId: ObjectId; splitEpoch: number }) {
      const storage = owned(env, env.s.storage, 'Storage', a.storageId);
      const part = splitByEpoch(storage, a.splitEpoch);
      const newStorageId = env.ctx.freshId();
      env.s.storage.set(newStorageId, { ...part, owner: env.ctx.sender });
      return { newStorageId };
    },
  }),
  splitStorageBySize: op({
    move: [call('storage_resource', 'split_by_size', 'storage', 'split_size')],
    run(env, a: { storageId: ObjectId; splitSize: bigint }) {
      const storage = owned(env, env.s.storage, 'Storage', a.storageId);
      const part = splitBySize(storage, a.splitSize);
      const newStorageId = env.ctx.freshId();
      env.s.storage.set(newStorageId, { ...part, owner: env.ctx.sender });
      return { newStorageId };
    },
  }),
  fuseStorage: op({
    move: [call('storage_resource', 'fuse', 'first', 'second')],
    run(env, a: { first: ObjectId; second: ObjectId }) {
      if (a.first === a.second)
        throw new TransactionRejectedError('cannot fuse a storage resource with itself');
      const first = owned(env, env.s.storage, 'Storage', a.first);
      fuse(first, takeStorage(env, a.second));
      return {};
    },
  }),
  openChallengeRound: op({
    move: [call('challenge', 'open_challenge_round')],
    random: true,
    run: (env) => challenge.openChallengeRound(env),
  }),
  submitChallengeCertificate: op({
    move: [
      call(
        'challenge',
        'submit_challenge_certificate',
        'cap',
        'round',
        'signature',
        'signers_bitmap',
        'message',
      ),
    ],
    run(env, a: { capId: ObjectId; round: bigint; certificate: Certificate }) {
      challenge.submitChallengeCertificate(env, a.capId, a.round, a.certificate);
      return {};
    },
  }),
  reportInvalidSymbol: op({
    move: [call('slashing', 'report_invalid_symbol', 'node_id', 'signature', 'message')],
    run(env, a: { nodeId: ObjectId; signature: Uint8Array; message: Uint8Array }) {
      const r = slashing.reportInvalidSymbol(env, a.nodeId, a.signature, a.message);
      giveCoin(env, env.ctx.sender, r.reward);
      return r;
    },
  }),
  reportEquivocation: op({
    move: [
      call(
        'slashing',
        'report_equivocation',
        'node_id',
        'signature_a',
        'message_a',
        'signature_b',
        'message_b',
      ),
    ],
    run(
      env,
      a: {
        nodeId: ObjectId;
        signatureA: Uint8Array;
        messageA: Uint8Array;
        signatureB: Uint8Array;
        messageB: Uint8Array;
      },
    ) {
      const r = slashing.reportEquivocation(
        env,
        a.nodeId,
        a.signatureA,
        a.messageA,
        a.signatureB,
        a.messageB,
      );
      giveCoin(env, env.ctx.sender, r.reward);
      return r;
    },
  }),
} satisfies Record<string, OpSpec<never, unknown>>;

export type WriteMethod = keyof typeof OPS;

const REGISTER_FIELDS = {
  blobId: 'u256',
  rootHash: 'u256',
  size: 'u64',
  encodingType: 'u8',
  deletable: 'bool',
} as const satisfies Record<string, ArgSpec>;

/** The arguments of each transaction and their Move types, checked before it runs. */
export const ARG_SPECS: { readonly [K in WriteMethod]: Readonly<Record<string, ArgSpec>> } = {
  mint: { to: 'id', amount: 'u64' },
  setParams: { adminCapId: 'id', params: 'params' },
  registerNode: {
    name: 'string',
    networkAddress: 'string',
    publicKey: 'bytes',
    proofOfPossession: 'bytes',
    capacity: 'u64',
    commissionBps: 'u16',
  },
  stake: { nodeId: 'id', amount: 'u64' },
  requestWithdraw: { stakedId: 'id' },
  withdraw: { stakedId: 'id' },
  collectCommission: { capId: 'id' },
  initiateEpochChange: {},
  epochSyncDone: { capId: 'id', epoch: 'u32' },
  reserveSpace: { storageSize: 'u64', epochsAhead: 'u32', payment: 'u64?' },
  registerBlob: { storageId: 'id', ...REGISTER_FIELDS, writePayment: 'u64?' },
  reserveAndRegisterBlob: {
    ...REGISTER_FIELDS,
    storageSize: 'u64',
    epochsAhead: 'u32',
    payment: 'u64?',
  },
  certifyBlob: { blobObjectId: 'id', certificate: 'certificate' },
  extendBlob: { blobObjectId: 'id', extendedEpochs: 'u32', payment: 'u64?' },
  extendBlobWithResource: { blobObjectId: 'id', storageId: 'id' },
  deleteBlob: { blobObjectId: 'id' },
  burnBlob: { blobObjectId: 'id' },
  invalidateBlobId: { certificate: 'certificate' },
  splitStorageByEpoch: { storageId: 'id', splitEpoch: 'u32' },
  splitStorageBySize: { storageId: 'id', splitSize: 'u64' },
  fuseStorage: { first: 'id', second: 'id' },
  openChallengeRound: {},
  submitChallengeCertificate: { capId: 'id', round: 'u64', certificate: 'certificate' },
  reportInvalidSymbol: { nodeId: 'id', signature: 'bytes', message: 'bytes' },
  reportEquivocation: {
    nodeId: 'id',
    signatureA: 'bytes',
    messageA: 'bytes',
    signatureB: 'bytes',
    messageB: 'bytes',
  },
};
