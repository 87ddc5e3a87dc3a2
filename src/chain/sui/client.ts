/**
 * `SuiChainClient`: the `ChainClient` interface over a real Sui network. Writes are programmable
 * transactions built by `ptb/*` (one transaction per operation, reserve + register in one),
 * signed with the client's Ed25519 key and executed through `@mysten/sui`'s gRPC client; reads
 * parse object BCS (reader.ts); events are followed with cursor paging (watch.ts).
 *
 * Values the interface returns come from the transaction itself: new object IDs from events or
 * effects, amounts from events or from the sender's SUI balance change net of gas.
 */
import type { ClientWithCoreApi } from '@mysten/sui/client';
import type { Signer } from '@mysten/sui/cryptography';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import type { Transaction } from '@mysten/sui/transactions';
import { normalizeStructTag } from '@mysten/sui/utils';
import type { Certificate } from '../../crypto/certificate.ts';
import { FloeError } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import type { ChainEventMap, ChainEventType } from '../events.ts';
import type { Address, ObjectId } from '../ids.ts';
import type {
  BlobObject,
  ChainClient,
  ChallengeRound,
  Committee,
  EpochState,
  RegisterBlobArgs,
  RegisterNodeArgs,
  StakedFloe,
  StorageNode,
  StorageNodeCap,
  StorageResource,
  SystemParams,
  SystemState,
  TxResult,
  Unwatch,
  WatchEventsOptions,
} from '../types.ts';
import { ABORT_CODES } from '../abort-codes.ts';
import { type AbortCodeLookup, abortLookupFrom, thrownToFloe } from './abort.ts';
import type { SuiDeployment } from './deployment.ts';
import { type ExecutedTx, SuiExecutor } from './executor.ts';
import * as challenge from './ptb/challenge.ts';
import type { PtbContext } from './ptb/inputs.ts';
import * as staking from './ptb/staking.ts';
import * as storage from './ptb/storage.ts';
import * as system from './ptb/system.ts';
import { SuiStateReader } from './reader.ts';
import { watchSuiEvents } from './watch.ts';

/** What the client needs to know about a deployment (the AdminCap and faucet are not needed). */
export type SuiChainTarget = Pick<
  SuiDeployment,
  | 'network'
  | 'rpcUrl'
  | 'packageId'
  | 'systemObjectId'
  | 'systemInitialSharedVersion'
  | 'randomInitialSharedVersion'
>;

export interface SuiChainClientOptions {
  deployment: SuiChainTarget;
  /** The key that signs writes; without one the client only reads and follows events. */
  signer?: Signer;
  logger: Logger;
  /** A client to use instead of `new SuiGrpcClient({ network, baseUrl: deployment.rpcUrl })`. */
  client?: ClientWithCoreApi;
  /** Abort-code names; default: the table generated from the Move sources (abort-codes.ts). */
  abortLookup?: AbortCodeLookup;
  /** Fixed gas budget in MIST; default: estimated by simulation before each transaction. */
  gasBudget?: bigint;
}

/** A write was asked of a client opened without a signing key (e.g. a storage node's reader). */
export class ReadOnlyChainError extends FloeError {
  constructor(kind: string) {
    super('CHAIN_READ_ONLY', `${kind}: this Sui chain client has no signing key`);
  }
}

/** Sender of a read-only client: no transaction is ever sent from it. */
const NO_SENDER = '0x' + '0'.repeat(64);

/** A transaction succeeded but lacks what its Move function always produces: adapter and package disagree. */
export class UnexpectedEffectsError extends FloeError {
  constructor(message: string) {
    super('SUI_UNEXPECTED_EFFECTS', message);
  }
}

export class SuiChainClient implements ChainClient {
  readonly sender: Address;
  private readonly client: ClientWithCoreApi;
  private readonly executor: SuiExecutor | undefined;
  private readonly reader: SuiStateReader;
  private readonly ctx: PtbContext;
  private readonly lookup: AbortCodeLookup;
  private readonly log: Logger;

  constructor(private readonly opts: SuiChainClientOptions) {
    const d = opts.deployment;
    this.client = opts.client ?? new SuiGrpcClient({ network: d.network, baseUrl: d.rpcUrl });
    this.lookup = opts.abortLookup ?? abortLookupFrom(ABORT_CODES, d.packageId);
    this.log = opts.logger.child({ component: 'sui-chain', network: d.network });
    this.executor =
      opts.signer === undefined
        ? undefined
        : new SuiExecutor({
            client: this.client,
            signer: opts.signer,
            packageId: d.packageId,
            abortLookup: this.lookup,
            logger: this.log,
            gasBudget: opts.gasBudget,
          });
    this.sender = this.executor?.sender ?? NO_SENDER;
    this.reader = new SuiStateReader(this.client, d.packageId, d.systemObjectId);
    this.ctx = {
      packageId: d.packageId,
      sender: this.sender,
      systemId: d.systemObjectId,
      systemInitialSharedVersion: d.systemInitialSharedVersion,
      randomInitialSharedVersion: d.randomInitialSharedVersion,
    };
  }

  // ----- reads ---------------------------------------------------------------------------------

  getSystemState(): Promise<SystemState> {
    return this.read(() => this.reader.systemState());
  }
  async getParams(): Promise<SystemParams> {
    return (await this.getSystemState()).params;
  }
  async getEpoch(): Promise<number> {
    return (await this.getSystemState()).epoch;
  }
  async getEpochState(): Promise<EpochState> {
    return (await this.getSystemState()).epochState;
  }
  getCommittee(epoch?: number): Promise<Committee | null> {
    return this.read(() => this.reader.committee(epoch));
  }
  getNode(nodeId: ObjectId): Promise<StorageNode | null> {
    return this.read(() => this.reader.node(nodeId));
  }
  listNodes(): Promise<StorageNode[]> {
    return this.read(() => this.reader.listNodes());
  }
  getNodeCap(capId: ObjectId): Promise<StorageNodeCap | null> {
    return this.read(() => this.reader.nodeCap(capId));
  }
  getBlob(objectId: ObjectId): Promise<BlobObject | null> {
    return this.read(() => this.reader.blob(objectId));
  }
  getBlobsByBlobId(blobId: bigint): Promise<BlobObject[]> {
    return this.read(() => this.reader.blobsByBlobId(blobId));
  }
  isBlobIdInvalid(blobId: bigint): Promise<boolean> {
    return this.read(() => this.reader.isBlobIdInvalid(blobId));
  }
  getStorage(storageId: ObjectId): Promise<StorageResource | null> {
    return this.read(() => this.reader.storage(storageId));
  }
  listOwnedStorage(owner?: Address): Promise<StorageResource[]> {
    return this.read(() => this.reader.ownedStorage(owner ?? this.sender));
  }
  getStakedFloe(stakedId: ObjectId): Promise<StakedFloe | null> {
    return this.read(() => this.reader.stakedFloe(stakedId));
  }
  listOwnedStaked(owner?: Address): Promise<StakedFloe[]> {
    return this.read(() => this.reader.ownedStaked(owner ?? this.sender));
  }
  getChallengeRound(round: bigint): Promise<ChallengeRound | null> {
    return this.read(() => this.reader.challengeRound(round));
  }
  getBalance(address?: Address): Promise<bigint> {
    return this.read(() => this.reader.balance(address ?? this.sender));
  }

  // ----- writes --------------------------------------------------------------------------------

  async setParams(args: { adminCapId: ObjectId; params: SystemParams }): Promise<TxResult> {
    return result(
      await this.run('set_params', (tx) =>
        system.buildSetParams(tx, this.ctx, { adminCap: args.adminCapId, params: args.params }),
      ),
    );
  }

  async registerNode(
    args: RegisterNodeArgs,
  ): Promise<TxResult & { capId: ObjectId; nodeId: ObjectId }> {
    const t = await this.run('register_node', (tx) =>
      staking.buildRegisterNode(tx, this.ctx, args),
    );
    return {
      ...result(t),
      capId: this.createdOf(t, 'storage_node', 'StorageNodeCap'),
      nodeId: eventOf(t, 'NodeRegistered').nodeId,
    };
  }

  async stake(args: {
    nodeId: ObjectId;
    amount: bigint;
  }): Promise<TxResult & { stakedId: ObjectId }> {
    const t = await this.run('stake', (tx) => staking.buildStake(tx, this.ctx, args), args.amount);
    return { ...result(t), stakedId: eventOf(t, 'StakeAdded').stakedId };
  }

  async requestWithdraw(args: { stakedId: ObjectId }): Promise<TxResult> {
    return result(
      await this.run('request_withdraw', (tx) =>
        staking.buildRequestWithdraw(tx, this.ctx, { staked: args.stakedId }),
      ),
    );
  }

  async withdraw(args: { stakedId: ObjectId }): Promise<TxResult & { amount: bigint }> {
    const t = await this.run('withdraw', (tx) =>
      staking.buildWithdraw(tx, this.ctx, { staked: args.stakedId }),
    );
    return { ...result(t), amount: eventOf(t, 'StakeWithdrawn').amount };
  }

  async collectCommission(args: { capId: ObjectId }): Promise<TxResult & { amount: bigint }> {
    const t = await this.run('collect_commission', (tx) =>
      staking.buildCollectCommission(tx, this.ctx, { cap: args.capId }),
    );
    return { ...result(t), amount: received(t) };
  }

  async initiateEpochChange(): Promise<TxResult> {
    return result(
      await this.run('initiate_epoch_change', (tx) =>
        staking.buildInitiateEpochChange(tx, this.ctx),
      ),
    );
  }

  async epochSyncDone(args: { capId: ObjectId; epoch: number }): Promise<TxResult> {
    return result(
      await this.run('epoch_sync_done', (tx) =>
        staking.buildEpochSyncDone(tx, this.ctx, { cap: args.capId, epoch: args.epoch }),
      ),
    );
  }

  async reserveSpace(args: {
    storageSize: bigint;
    epochsAhead: number;
    payment?: bigint;
  }): Promise<TxResult & { storageId: ObjectId; cost: bigint }> {
    const t = await this.run(
      'reserve_space',
      (tx) => storage.buildReserveSpace(tx, this.ctx, args),
      args.payment,
    );
    return { ...result(t), storageId: eventOf(t, 'StorageReserved').storageId, cost: -received(t) };
  }

  async registerBlob(
    args: RegisterBlobArgs & { storageId: ObjectId },
  ): Promise<TxResult & { blobObjectId: ObjectId }> {
    const t = await this.run('register_blob', (tx) =>
      storage.buildRegisterBlob(tx, this.ctx, { ...args, storage: args.storageId }),
    );
    return { ...result(t), blobObjectId: eventOf(t, 'BlobRegistered').objectId };
  }

  async reserveAndRegisterBlob(
    args: RegisterBlobArgs & { storageSize: bigint; epochsAhead: number; payment?: bigint },
  ): Promise<TxResult & { blobObjectId: ObjectId; storageId: ObjectId }> {
    const t = await this.run(
      'reserve_and_register_blob',
      (tx) => storage.buildReserveAndRegisterBlob(tx, this.ctx, args),
      args.payment,
    );
    return {
      ...result(t),
      blobObjectId: eventOf(t, 'BlobRegistered').objectId,
      storageId: eventOf(t, 'StorageReserved').storageId,
    };
  }

  async certifyBlob(args: { blobObjectId: ObjectId; certificate: Certificate }): Promise<TxResult> {
    return result(
      await this.run('certify_blob', (tx) =>
        storage.buildCertifyBlob(tx, this.ctx, {
          blob: args.blobObjectId,
          certificate: args.certificate,
        }),
      ),
    );
  }

  async extendBlob(args: {
    blobObjectId: ObjectId;
    extendedEpochs: number;
    payment?: bigint;
  }): Promise<TxResult> {
    const t = await this.run(
      'extend_blob',
      (tx) =>
        storage.buildExtendBlob(tx, this.ctx, {
          blob: args.blobObjectId,
          extendedEpochs: args.extendedEpochs,
          payment: args.payment,
        }),
      args.payment,
    );
    return result(t);
  }

  async extendBlobWithResource(args: {
    blobObjectId: ObjectId;
    storageId: ObjectId;
  }): Promise<TxResult> {
    return result(
      await this.run('extend_blob_with_resource', (tx) =>
        storage.buildExtendBlobWithResource(tx, this.ctx, {
          blob: args.blobObjectId,
          storage: args.storageId,
        }),
      ),
    );
  }

  async deleteBlob(args: { blobObjectId: ObjectId }): Promise<TxResult & { storageId: ObjectId }> {
    const t = await this.run('delete_blob', (tx) =>
      storage.buildDeleteBlob(tx, this.ctx, { blob: args.blobObjectId }),
    );
    return { ...result(t), storageId: this.writtenOf(t, 'storage_resource', 'Storage') };
  }

  async burnBlob(args: { blobObjectId: ObjectId }): Promise<TxResult> {
    return result(
      await this.run('burn', (tx) =>
        storage.buildBurnBlob(tx, this.ctx, { blob: args.blobObjectId }),
      ),
    );
  }

  async invalidateBlobId(args: {
    certificate: Certificate;
  }): Promise<TxResult & { blobId: bigint }> {
    const t = await this.run('invalidate_blob_id', (tx) =>
      storage.buildInvalidateBlobId(tx, this.ctx, args),
    );
    return { ...result(t), blobId: eventOf(t, 'InvalidBlobID').blobId };
  }

  async splitStorageByEpoch(args: {
    storageId: ObjectId;
    splitEpoch: number;
  }): Promise<TxResult & { newStorageId: ObjectId }> {
    const t = await this.run('split_by_epoch', (tx) =>
      storage.buildSplitStorage(tx, this.ctx, {
        storage: args.storageId,
        splitEpoch: args.splitEpoch,
      }),
    );
    return { ...result(t), newStorageId: this.createdOf(t, 'storage_resource', 'Storage') };
  }

  async splitStorageBySize(args: {
    storageId: ObjectId;
    splitSize: bigint;
  }): Promise<TxResult & { newStorageId: ObjectId }> {
    const t = await this.run('split_by_size', (tx) =>
      storage.buildSplitStorage(tx, this.ctx, {
        storage: args.storageId,
        splitSize: args.splitSize,
      }),
    );
    return { ...result(t), newStorageId: this.createdOf(t, 'storage_resource', 'Storage') };
  }

  async fuseStorage(args: { first: ObjectId; second: ObjectId }): Promise<TxResult> {
    return result(await this.run('fuse', (tx) => storage.buildFuseStorage(tx, this.ctx, args)));
  }

  async openChallengeRound(): Promise<TxResult & { round: bigint }> {
    const t = await this.run('open_challenge_round', (tx) =>
      challenge.buildOpenChallengeRound(tx, this.ctx),
    );
    return { ...result(t), round: eventOf(t, 'ChallengeRoundOpened').round };
  }

  async submitChallengeCertificate(args: {
    capId: ObjectId;
    round: bigint;
    certificate: Certificate;
  }): Promise<TxResult> {
    return result(
      await this.run('submit_challenge_certificate', (tx) =>
        challenge.buildSubmitChallengeCertificate(tx, this.ctx, {
          cap: args.capId,
          round: args.round,
          certificate: args.certificate,
        }),
      ),
    );
  }

  async reportInvalidSymbol(args: {
    nodeId: ObjectId;
    signature: Uint8Array;
    message: Uint8Array;
  }): Promise<TxResult & { reward: bigint }> {
    const t = await this.run('report_invalid_symbol', (tx) =>
      challenge.buildReportInvalidSymbol(tx, this.ctx, args),
    );
    return { ...result(t), reward: received(t) };
  }

  async reportEquivocation(args: {
    nodeId: ObjectId;
    signatureA: Uint8Array;
    messageA: Uint8Array;
    signatureB: Uint8Array;
    messageB: Uint8Array;
  }): Promise<TxResult & { reward: bigint }> {
    const t = await this.run('report_equivocation', (tx) =>
      challenge.buildReportEquivocation(tx, this.ctx, args),
    );
    return { ...result(t), reward: received(t) };
  }

  // ----- events --------------------------------------------------------------------------------

  watchEvents(opts: WatchEventsOptions): Unwatch {
    return watchSuiEvents({
      source: this.client.core,
      packageId: this.opts.deployment.packageId,
      cursor: opts.cursor,
      types: opts.types,
      onEvent: opts.onEvent,
      onError: opts.onError,
      pollIntervalMs: opts.pollIntervalMs,
      logger: this.log,
    });
  }

  // ----- plumbing ------------------------------------------------------------------------------

  private run(
    kind: string,
    build: (tx: Transaction) => void,
    payment?: bigint,
  ): Promise<ExecutedTx> {
    if (this.executor === undefined) return Promise.reject(new ReadOnlyChainError(kind));
    return this.executor.run(kind, build, payment);
  }

  private async read<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw thrownToFloe(err, this.lookup);
    }
  }

  private isType(type: string, module: string, struct: string): boolean {
    return (
      type !== '' &&
      normalizeStructTag(type) ===
        normalizeStructTag(`${this.opts.deployment.packageId}::${module}::${struct}`)
    );
  }

  private createdOf(t: ExecutedTx, module: string, struct: string): ObjectId {
    const hit = t.created.find((c) => this.isType(c.type, module, struct));
    if (hit === undefined)
      throw new UnexpectedEffectsError(`${t.digest}: no ${module}::${struct} was created`);
    return hit.objectId;
  }

  /** An object of the type written to the sender (created or unwrapped). */
  private writtenOf(t: ExecutedTx, module: string, struct: string): ObjectId {
    const hit = t.written.find(
      (c) => c.owner === this.sender && this.isType(c.type, module, struct),
    );
    if (hit === undefined)
      throw new UnexpectedEffectsError(`${t.digest}: no ${module}::${struct} went to the sender`);
    return hit.objectId;
  }
}

function result(t: ExecutedTx): TxResult {
  return { digest: t.digest, events: t.events };
}

/** The sender's SUI gain from a transaction, gas excluded (negative when it paid). */
function received(t: ExecutedTx): bigint {
  return t.senderSuiDelta + t.gasCost;
}

/** The first event of `type` in a transaction; its absence means adapter and package disagree. */
function eventOf<K extends ChainEventType>(t: ExecutedTx, type: K): ChainEventMap[K] {
  const hit = t.events.find((e) => e.event.type === type);
  if (hit === undefined) throw new UnexpectedEffectsError(`${t.digest}: no ${type} event`);
  return hit.event.data as ChainEventMap[K];
}
