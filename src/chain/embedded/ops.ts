/**
 * Every transaction the embedded chain accepts, by the `ChainClient` method name: how its
 * arguments become Move calls (coins split from the sender's balance, owned objects taken and
 * checked) and what it returns. A transaction that takes `&Random` is marked `random`.
 */
import { TransactionRejectedError } from '../errors.ts';
import { normalizeId, type Address, type ObjectId } from '../ids.ts';
import type { RegisterBlobArgs, SystemParams } from '../types.ts';
import * as blobOps from './blob-ops.ts';
import * as challenge from './challenge.ts';
import { giveCoin, owned, takeCoin, type Env } from './env.ts';
import * as epoch from './epoch.ts';
import * as slashing from './slashing.ts';
import * as staking from './staking.ts';
import { encodedSize, fuse, splitByEpoch, splitBySize } from './storage-resource.ts';
import * as system from './system.ts';

export interface OpSpec<A = never, R = unknown> {
  random?: boolean;
  run(env: Env, args: A): R;
}

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

export const OPS = {
  /** Embedded only: credits SUI to an address (the local network's faucet). */
  mint: op({
    run(env, a: { to: Address; amount: bigint }) {
      if (typeof a.amount !== 'bigint' || a.amount <= 0n)
        throw new TransactionRejectedError('amount must be positive');
      giveCoin(env, normalizeId(a.to, 'to'), a.amount);
      return {};
    },
  }),
  setParams: op({
    run(env, a: { adminCapId: ObjectId; params: SystemParams }) {
      system.setParams(env, a.adminCapId, system.newParams(a.params));
      return {};
    },
  }),
  registerNode: op({ run: (env, a: staking.RegisterNodeArgs) => staking.registerNode(env, a) }),
  stake: op({
    run: (env, a: { nodeId: ObjectId; amount: bigint }) =>
      withCoin(env, a.amount, (coin) => {
        const value = coin.value;
        coin.value = 0n;
        return staking.stake(env, a.nodeId, value);
      }),
  }),
  requestWithdraw: op({
    run(env, a: { stakedId: ObjectId }) {
      staking.requestWithdraw(env, a.stakedId);
      return {};
    },
  }),
  withdraw: op({
    run(env, a: { stakedId: ObjectId }) {
      const r = staking.withdraw(env, a.stakedId);
      giveCoin(env, env.ctx.sender, r.amount);
      return r;
    },
  }),
  collectCommission: op({
    run(env, a: { capId: ObjectId }) {
      const r = staking.collectCommission(env, a.capId);
      giveCoin(env, env.ctx.sender, r.amount);
      return r;
    },
  }),
  initiateEpochChange: op({
    random: true,
    run(env) {
      epoch.initiateEpochChange(env);
      return {};
    },
  }),
  epochSyncDone: op({
    run(env, a: { capId: ObjectId; epoch: number }) {
      epoch.epochSyncDone(env, a.capId, a.epoch);
      return {};
    },
  }),
  reserveSpace: op({
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
    run(env, a: RegisterBlobArgs & { storageId: ObjectId; writePayment?: bigint }) {
      const storage = takeStorage(env, a.storageId);
      return withCoin(env, a.writePayment ?? writeFee(env, a.size), (coin) =>
        blobOps.registerBlob(env, a.storageId, storage, a, coin),
      );
    },
  }),
  reserveAndRegisterBlob: op({
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
    run(env, a: { blobObjectId: ObjectId; certificate: blobOps.CertificateArgs }) {
      blobOps.certifyBlob(env, a.blobObjectId, a.certificate);
      return {};
    },
  }),
  extendBlob: op({
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
    run(env, a: { blobObjectId: ObjectId; storageId: ObjectId }) {
      blobOps.extendBlobWithResource(env, a.blobObjectId, takeStorage(env, a.storageId));
      return {};
    },
  }),
  deleteBlob: op({
    run: (env, a: { blobObjectId: ObjectId }) => blobOps.deleteBlob(env, a.blobObjectId),
  }),
  burnBlob: op({
    run(env, a: { blobObjectId: ObjectId }) {
      blobOps.burnBlob(env, a.blobObjectId);
      return {};
    },
  }),
  invalidateBlobId: op({
    run: (env, a: { certificate: blobOps.CertificateArgs }) =>
      blobOps.invalidateBlobId(env, a.certificate),
  }),
  splitStorageByEpoch: op({
    run(env, a: { storageId: ObjectId; splitEpoch: number }) {
      const storage = owned(env, env.s.storage, 'Storage', a.storageId);
      const part = splitByEpoch(storage, a.splitEpoch);
      const newStorageId = env.ctx.freshId();
      env.s.storage.set(newStorageId, { ...part, owner: env.ctx.sender });
      return { newStorageId };
    },
  }),
  splitStorageBySize: op({
    run(env, a: { storageId: ObjectId; splitSize: bigint }) {
      const storage = owned(env, env.s.storage, 'Storage', a.storageId);
      const part = splitBySize(storage, a.splitSize);
      const newStorageId = env.ctx.freshId();
      env.s.storage.set(newStorageId, { ...part, owner: env.ctx.sender });
      return { newStorageId };
    },
  }),
  fuseStorage: op({
    run(env, a: { first: ObjectId; second: ObjectId }) {
      if (a.first === a.second)
        throw new TransactionRejectedError('cannot fuse a storage resource with itself');
      const first = owned(env, env.s.storage, 'Storage', a.first);
      fuse(first, takeStorage(env, a.second));
      return {};
    },
  }),
  openChallengeRound: op({ random: true, run: (env) => challenge.openChallengeRound(env) }),
  submitChallengeCertificate: op({
    run(env, a: { capId: ObjectId; round: bigint; certificate: blobOps.CertificateArgs }) {
      challenge.submitChallengeCertificate(env, a.capId, a.round, a.certificate);
      return {};
    },
  }),
  reportInvalidSymbol: op({
    run(env, a: { nodeId: ObjectId; signature: Uint8Array; message: Uint8Array }) {
      const r = slashing.reportInvalidSymbol(env, a.nodeId, a.signature, a.message);
      giveCoin(env, env.ctx.sender, r.reward);
      return r;
    },
  }),
  reportEquivocation: op({
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
