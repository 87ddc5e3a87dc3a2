/**
 * What a stake holder does with a storage node's pool, through any `ChainClient` (the embedded
 * chain or Sui), following `staking/staking_pool.move`:
 *
 * - a stake activates at the next epoch boundary;
 * - a stake that has not activated yet is withdrawn in one step (its deposit is returned);
 * - an active stake is withdrawn in two: `request_withdraw` in epoch E, then `withdraw` from
 *   epoch E + 1 on, paid at the exchange rate of E + 1 (principal plus rewards minus slashing);
 * - the node's commission goes to whoever holds its `StorageNodeCap`.
 *
 * Every function checks what it can read first, so that the common mistakes come back as the
 * typed errors of staking-errors.ts rather than as Move aborts.
 */
import {
  InsufficientFundsError,
  MoveAbortError,
  TransactionRejectedError,
} from '../chain/errors.ts';
import type { ChainEventEnvelope, ChainEventMap, ChainEventType } from '../chain/events.ts';
import type { ChainClient, StakedFloe } from '../chain/types.ts';
import {
  MissingEventError,
  NodeCapNotFoundError,
  NotOwnerError,
  StakeFundsError,
  StakeNodeNotFoundError,
  StakeNotFoundError,
  WithdrawNotReadyError,
} from './staking-errors.ts';

/** Where a stake is in its life, seen from the chain's current epoch. */
export type StakeStatus =
  /** Waiting for its activation epoch; `withdraw` returns the principal at once. */
  | 'pending'
  /** In the pool; `withdraw` requests the withdrawal. */
  | 'active'
  /** Withdrawal requested, takes effect at `withdrawEpoch`. */
  | 'withdrawing'
  /** Withdrawal took effect; `withdraw` pays it out. */
  | 'withdrawable';

export function stakeStatus(staked: StakedFloe, epoch: number): StakeStatus {
  if (staked.activationEpoch > epoch) return 'pending';
  if (staked.withdrawEpoch === null) return 'active';
  return staked.withdrawEpoch > epoch ? 'withdrawing' : 'withdrawable';
}

export interface StakeResult {
  stakedId: string;
  nodeId: string;
  amount: bigint;
  /** The epoch from which the stake counts. */
  activationEpoch: number;
  digest: string;
}

/**
 * Stakes `amount` (the stake coin's base unit, MIST) from the sender with `nodeId`'s pool.
 * @throws RangeError for an amount that is not a positive u64 bigint; StakeNodeNotFoundError;
 *   StakeFundsError when the sender cannot pay; chain errors as thrown.
 */
export async function stakeWithNode(
  chain: ChainClient,
  nodeId: string,
  amount: bigint,
): Promise<StakeResult> {
  checkAmount(amount);
  if ((await chain.getNode(nodeId)) === null) throw new StakeNodeNotFoundError(nodeId);
  return sendStake(chain, nodeId, amount);
}

/**
 * `stakeWithNode` without reading the node first, for a node the caller has just registered.
 * @throws RangeError for an amount that is not a positive u64 bigint; StakeFundsError when the
 *   sender cannot pay; chain errors as thrown.
 */
export async function sendStake(
  chain: ChainClient,
  nodeId: string,
  amount: bigint,
): Promise<StakeResult> {
  checkAmount(amount);
  let r;
  try {
    r = await chain.stake({ nodeId, amount });
  } catch (err) {
    if (err instanceof InsufficientFundsError) throw new StakeFundsError(chain.sender, amount, err);
    throw err;
  }
  return {
    stakedId: r.stakedId,
    nodeId,
    amount,
    activationEpoch: eventData(r, 'StakeAdded').activationEpoch,
    digest: r.digest,
  };
}

const U64_MAX = (1n << 64n) - 1n;

/** A stake is a `Coin<SUI>` value: a positive u64. */
function checkAmount(amount: bigint): void {
  if (typeof amount !== 'bigint' || amount <= 0n || amount > U64_MAX)
    throw new RangeError(`amount must be a positive u64 bigint, got ${String(amount)}`);
}

/** What one `withdraw` call did. */
export type WithdrawStep =
  | {
      action: 'requested';
      stakedId: string;
      nodeId: string;
      /** The epoch from which the second call pays out. */
      readyEpoch: number;
      currentEpoch: number;
      digest: string;
    }
  | {
      action: 'withdrawn';
      stakedId: string;
      nodeId: string;
      /** Paid to the sender: the principal of a stake that never activated, else its value. */
      amount: bigint;
      /** Whether the stake never activated (its deposit came back unchanged). */
      beforeActivation: boolean;
      currentEpoch: number;
      digest: string;
    };

/**
 * Takes the next step of withdrawing `stakedId`: pays out a stake that never activated or whose
 * requested withdrawal took effect; requests the withdrawal of an active stake.
 * @throws StakeNotFoundError; NotOwnerError when the sender does not hold the stake;
 *   WithdrawNotReadyError (retryable) when the withdrawal is requested and the chain has not
 *   reached its epoch yet; chain errors as thrown.
 */
export async function withdrawStep(chain: ChainClient, stakedId: string): Promise<WithdrawStep> {
  // One retry: the epoch may change between the read and the transaction (e.g. a stake read as
  // pending activates before `withdraw` runs); Move then aborts and the fresh read decides.
  for (let attempt = 0; ; attempt++) {
    const [staked, epoch] = await Promise.all([chain.getStakedFloe(stakedId), chain.getEpoch()]);
    if (staked === null) throw new StakeNotFoundError(stakedId);
    if (staked.owner !== chain.sender)
      throw new NotOwnerError('stake', stakedId, chain.sender, staked.owner || null);
    const status = stakeStatus(staked, epoch);
    if (status === 'withdrawing')
      throw new WithdrawNotReadyError(stakedId, staked.withdrawEpoch!, epoch);
    try {
      if (status === 'active') {
        const r = await chain.requestWithdraw({ stakedId });
        return {
          action: 'requested',
          stakedId,
          nodeId: staked.nodeId,
          readyEpoch: eventData(r, 'WithdrawRequested').withdrawEpoch,
          currentEpoch: epoch,
          digest: r.digest,
        };
      }
      const r = await chain.withdraw({ stakedId });
      return {
        action: 'withdrawn',
        stakedId,
        nodeId: staked.nodeId,
        amount: r.amount,
        beforeActivation: status === 'pending',
        currentEpoch: epoch,
        digest: r.digest,
      };
    } catch (err) {
      if (attempt === 0 && err instanceof MoveAbortError && err.module === 'staking_pool') continue;
      throw err;
    }
  }
}

/** One stake of a listing, with its status in the current epoch. */
export interface ListedStake extends StakedFloe {
  status: StakeStatus;
  /** The node's name, or null when the node is not registered (any more). */
  nodeName: string | null;
}

/**
 * Every `StakedFloe` `owner` (default: the sender) holds, with its status, ordered by node then
 * activation epoch then ID.
 */
export async function listStakes(
  chain: ChainClient,
  owner?: string,
): Promise<{ owner: string; epoch: number; stakes: ListedStake[] }> {
  const who = owner ?? chain.sender;
  const [staked, epoch, nodes] = await Promise.all([
    chain.listOwnedStaked(who),
    chain.getEpoch(),
    chain.listNodes(),
  ]);
  const names = new Map(nodes.map((n) => [n.nodeId, n.name]));
  const stakes = staked
    .map((s) => ({ ...s, status: stakeStatus(s, epoch), nodeName: names.get(s.nodeId) ?? null }))
    .sort(
      (a, b) =>
        cmp(a.nodeId, b.nodeId) ||
        a.activationEpoch - b.activationEpoch ||
        cmp(a.stakedId, b.stakedId),
    );
  return { owner: who, epoch, stakes };
}

export interface CommissionResult {
  capId: string;
  nodeId: string;
  /** Paid to the sender (0 when the pool held no commission). */
  amount: bigint;
  digest: string;
}

/**
 * Collects the commission of the node whose cap is `capId` for the sender, who must hold the cap.
 * The transaction is sent even when the pool holds none: it is what proves the sender holds the
 * cap (the reads do not show a cap's owner).
 * @throws NodeCapNotFoundError; NotOwnerError when the sender does not hold the cap; chain errors.
 */
export async function collectNodeCommission(
  chain: ChainClient,
  capId: string,
): Promise<CommissionResult> {
  const cap = await chain.getNodeCap(capId);
  if (cap === null) throw new NodeCapNotFoundError(capId);
  try {
    const r = await chain.collectCommission({ capId });
    return { capId, nodeId: cap.nodeId, amount: r.amount, digest: r.digest };
  } catch (err) {
    // The cap exists and is a cap: the chain refuses an owned input only for its owner.
    if (err instanceof TransactionRejectedError)
      throw new NotOwnerError('node cap', capId, chain.sender, null, { cause: err });
    throw err;
  }
}

/**
 * The data of the first `type` event of a transaction: what Move computed when it ran (the epoch
 * may have changed since this client last read it).
 * @throws MissingEventError when there is none.
 */
function eventData<T extends ChainEventType>(
  tx: { digest: string; events: readonly ChainEventEnvelope[] },
  type: T,
): ChainEventMap[T] {
  const found = tx.events.find((e) => e.event.type === type);
  if (found === undefined) throw new MissingEventError(tx.digest, type);
  return found.event.data as ChainEventMap[T];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
