/**
 * `ChainClient` over an embedded chain (in process or over loopback HTTP, see transport.ts),
 * bound to one sender address. The loopback chain trusts the sender it is told: it is a local
 * development network, not a place for keys.
 */
import type { Certificate } from '../../crypto/certificate.ts';
import { normalizeId, type Address, type ObjectId } from '../ids.ts';
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
import type { EventPage } from './chain.ts';
import type { WriteMethod } from './ops.ts';
import type { ReadMethod } from './reads.ts';
import type { ChainTransport } from './transport.ts';

const DEFAULT_POLL_MS = 500;
const PAGE = 256;

export class EmbeddedChainClient implements ChainClient {
  readonly sender: Address;

  constructor(
    private readonly transport: ChainTransport,
    sender: Address,
  ) {
    this.sender = normalizeId(sender, 'sender');
  }

  /** The same chain, sending as `sender`. */
  as(sender: Address): EmbeddedChainClient {
    return new EmbeddedChainClient(this.transport, sender);
  }

  private read<T>(method: ReadMethod, args: object = {}): Promise<T> {
    return this.transport.read(method, args) as Promise<T>;
  }

  private async send<R extends object = object>(
    method: WriteMethod,
    args: object = {},
  ): Promise<TxResult & R> {
    const r = await this.transport.send(this.sender, method, args);
    return { ...(r.result as R), digest: r.digest, events: r.events };
  }

  // ----- reads -----
  getSystemState = (): Promise<SystemState> => this.read('getSystemState');
  getParams = async (): Promise<SystemParams> => (await this.getSystemState()).params;
  getEpoch = async (): Promise<number> => (await this.getSystemState()).epoch;
  getEpochState = async (): Promise<EpochState> => (await this.getSystemState()).epochState;
  getCommittee = (epoch?: number): Promise<Committee | null> =>
    this.read('getCommittee', { epoch });
  getNode = (nodeId: ObjectId): Promise<StorageNode | null> =>
    this.read('getNode', { nodeId: normalizeId(nodeId) });
  listNodes = (): Promise<StorageNode[]> => this.read('listNodes');
  getNodeCap = (capId: ObjectId): Promise<StorageNodeCap | null> =>
    this.read('getNodeCap', { capId: normalizeId(capId) });
  getBlob = (objectId: ObjectId): Promise<BlobObject | null> =>
    this.read('getBlob', { objectId: normalizeId(objectId) });
  getBlobsByBlobId = (blobId: bigint): Promise<BlobObject[]> =>
    this.read('getBlobsByBlobId', { blobId });
  isBlobIdInvalid = (blobId: bigint): Promise<boolean> => this.read('isBlobIdInvalid', { blobId });
  getStorage = (storageId: ObjectId): Promise<StorageResource | null> =>
    this.read('getStorage', { storageId: normalizeId(storageId) });
  listOwnedStorage = (owner?: Address): Promise<StorageResource[]> =>
    this.read('listOwnedStorage', { owner: normalizeId(owner ?? this.sender, 'owner') });
  getStakedFloe = (stakedId: ObjectId): Promise<StakedFloe | null> =>
    this.read('getStakedFloe', { stakedId: normalizeId(stakedId) });
  listOwnedStaked = (owner?: Address): Promise<StakedFloe[]> =>
    this.read('listOwnedStaked', { owner: normalizeId(owner ?? this.sender, 'owner') });
  getChallengeRound = (round: bigint): Promise<ChallengeRound | null> =>
    this.read('getChallengeRound', { round });
  getBalance = (address?: Address): Promise<bigint> =>
    this.read('getBalance', { address: normalizeId(address ?? this.sender) });
  /** Embedded only: the System and AdminCap IDs and the admin address. */
  getChainInfo = (): Promise<{ systemId: ObjectId; adminCapId: ObjectId; admin: Address }> =>
    this.read('getChainInfo');

  // ----- writes -----
  /** Embedded only: the local network's faucet. */
  mint = (args: { to: Address; amount: bigint }): Promise<TxResult> => this.send('mint', args);
  setParams = (args: { adminCapId: ObjectId; params: SystemParams }): Promise<TxResult> =>
    this.send('setParams', args);
  registerNode = (args: RegisterNodeArgs) =>
    this.send<{ capId: ObjectId; nodeId: ObjectId }>('registerNode', args);
  stake = (args: { nodeId: ObjectId; amount: bigint }) =>
    this.send<{ stakedId: ObjectId }>('stake', args);
  requestWithdraw = (args: { stakedId: ObjectId }): Promise<TxResult> =>
    this.send('requestWithdraw', args);
  withdraw = (args: { stakedId: ObjectId }) => this.send<{ amount: bigint }>('withdraw', args);
  collectCommission = (args: { capId: ObjectId }) =>
    this.send<{ amount: bigint }>('collectCommission', args);
  initiateEpochChange = (): Promise<TxResult> => this.send('initiateEpochChange');
  epochSyncDone = (args: { capId: ObjectId; epoch: number }): Promise<TxResult> =>
    this.send('epochSyncDone', args);
  reserveSpace = (args: { storageSize: bigint; epochsAhead: number; payment?: bigint }) =>
    this.send<{ storageId: ObjectId; cost: bigint }>('reserveSpace', args);
  registerBlob = (args: RegisterBlobArgs & { storageId: ObjectId; writePayment?: bigint }) =>
    this.send<{ blobObjectId: ObjectId }>('registerBlob', args);
  reserveAndRegisterBlob = (
    args: RegisterBlobArgs & { storageSize: bigint; epochsAhead: number; payment?: bigint },
  ) => this.send<{ blobObjectId: ObjectId; storageId: ObjectId }>('reserveAndRegisterBlob', args);
  certifyBlob = (args: { blobObjectId: ObjectId; certificate: Certificate }): Promise<TxResult> =>
    this.send('certifyBlob', args);
  extendBlob = (args: {
    blobObjectId: ObjectId;
    extendedEpochs: number;
    payment?: bigint;
  }): Promise<TxResult> => this.send('extendBlob', args);
  extendBlobWithResource = (args: {
    blobObjectId: ObjectId;
    storageId: ObjectId;
  }): Promise<TxResult> => this.send('extendBlobWithResource', args);
  deleteBlob = (args: { blobObjectId: ObjectId }) =>
    this.send<{ storageId: ObjectId }>('deleteBlob', args);
  burnBlob = (args: { blobObjectId: ObjectId }): Promise<TxResult> => this.send('burnBlob', args);
  invalidateBlobId = (args: { certificate: Certificate }) =>
    this.send<{ blobId: bigint }>('invalidateBlobId', args);
  splitStorageByEpoch = (args: { storageId: ObjectId; splitEpoch: number }) =>
    this.send<{ newStorageId: ObjectId }>('splitStorageByEpoch', args);
  splitStorageBySize = (args: { storageId: ObjectId; splitSize: bigint }) =>
    this.send<{ newStorageId: ObjectId }>('splitStorageBySize', args);
  fuseStorage = (args: { first: ObjectId; second: ObjectId }): Promise<TxResult> =>
    this.send('fuseStorage', args);
  openChallengeRound = () => this.send<{ round: bigint }>('openChallengeRound');
  submitChallengeCertificate = (args: {
    capId: ObjectId;
    round: bigint;
    certificate: Certificate;
  }): Promise<TxResult> => this.send('submitChallengeCertificate', args);
  reportInvalidSymbol = (args: { nodeId: ObjectId; signature: Uint8Array; message: Uint8Array }) =>
    this.send<{ reward: bigint }>('reportInvalidSymbol', args);
  reportEquivocation = (args: {
    nodeId: ObjectId;
    signatureA: Uint8Array;
    messageA: Uint8Array;
    signatureB: Uint8Array;
    messageB: Uint8Array;
  }) => this.send<{ reward: bigint }>('reportEquivocation', args);

  // ----- events -----
  watchEvents(opts: WatchEventsOptions): Unwatch {
    if (typeof opts.onEvent !== 'function') throw new TypeError('onEvent must be a function');
    const pollMs = opts.pollIntervalMs ?? DEFAULT_POLL_MS;
    let cursor = opts.cursor ?? null;
    let stopped = false;
    const loop = async (): Promise<void> => {
      while (!stopped) {
        let page: EventPage;
        try {
          page = await this.transport.events(cursor, PAGE, opts.types, pollMs);
        } catch (err) {
          opts.onError?.(err);
          await sleep(pollMs);
          continue;
        }
        let delivered = true;
        for (const e of page.events) {
          if (stopped) return;
          try {
            await opts.onEvent(e);
          } catch (err) {
            opts.onError?.(err);
            await sleep(pollMs);
            delivered = false;
            break; // redeliver this event on the next pass
          }
          cursor = e.cursor;
        }
        // Skip past the events the filter passed over (only once everything before is delivered).
        if (delivered && page.scannedTo !== null) cursor = page.scannedTo;
      }
    };
    void loop();
    return () => {
      stopped = true;
    };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
