/**
 * The failures of staking, withdrawing and collecting commission that a stake holder can act on,
 * each with a stable code and a message that says what to do next.
 */
import type { InsufficientFundsError } from '../chain/errors.ts';
import { FloeError, RetryableError } from '../util/errors.ts';

/** No registered node (= staking pool) has this ID. */
export class StakeNodeNotFoundError extends FloeError {
  readonly nodeId: string;
  constructor(nodeId: string) {
    super(
      'NODE_NOT_FOUND',
      `no storage node ${nodeId} is registered (floe info lists the committee; floe stakes lists your stakes)`,
    );
    this.nodeId = nodeId;
  }
}

/** No `StakedFloe` has this ID: it never existed, or it was withdrawn already. */
export class StakeNotFoundError extends FloeError {
  readonly stakedId: string;
  constructor(stakedId: string) {
    super(
      'STAKE_NOT_FOUND',
      `no stake ${stakedId} exists (it may have been withdrawn already; floe stakes lists yours)`,
    );
    this.stakedId = stakedId;
  }
}

/** The object (a stake, a node cap) belongs to another account than the sender. */
export class NotOwnerError extends FloeError {
  readonly objectId: string;
  constructor(
    what: string,
    objectId: string,
    sender: string,
    owner: string | null,
    options?: { cause?: unknown },
  ) {
    const held = owner
      ? `is owned by ${owner}, not by the sender ${sender}`
      : `is not owned by the sender ${sender}`;
    super(
      'NOT_OWNER',
      `${what} ${objectId} ${held} (use the config or key of the account that holds it)`,
      options,
    );
    this.objectId = objectId;
  }
}

/**
 * The withdrawal was requested and takes effect at the boundary into `readyEpoch`; the chain is
 * still in `currentEpoch`. Retryable: the same call succeeds from `readyEpoch` on.
 */
export class WithdrawNotReadyError extends RetryableError {
  readonly stakedId: string;
  readonly readyEpoch: number;
  readonly currentEpoch: number;
  constructor(stakedId: string, readyEpoch: number, currentEpoch: number) {
    super(
      'WITHDRAW_NOT_READY',
      `the withdrawal of ${stakedId} takes effect at epoch ${readyEpoch} (now ${currentEpoch}); run again from epoch ${readyEpoch}`,
    );
    this.stakedId = stakedId;
    this.readyEpoch = readyEpoch;
    this.currentEpoch = currentEpoch;
  }
}

/** The sender's balance cannot cover the stake (or its gas). */
export class StakeFundsError extends FloeError {
  readonly needed: bigint;
  readonly available: bigint;
  constructor(sender: string, amount: bigint, cause: InsufficientFundsError) {
    super(
      'INSUFFICIENT_FUNDS',
      `the account ${sender} cannot pay a stake of ${amount}: need ${cause.needed}, have ${cause.available} (fund it, or stake less)`,
      { cause },
    );
    this.needed = cause.needed;
    this.available = cause.available;
  }
}

/** The node's `StorageNodeCap` does not exist (the config's `capId` is wrong or stale). */
export class NodeCapNotFoundError extends FloeError {
  constructor(capId: string) {
    super(
      'NODE_CAP_NOT_FOUND',
      `no StorageNodeCap ${capId} exists (check capId in the node config; floe node register writes it)`,
    );
  }
}

/**
 * A transaction succeeded without the event its Move function always emits: the chain client
 * and the package disagree, so the result cannot be read from it.
 */
export class MissingEventError extends FloeError {
  constructor(digest: string, eventType: string) {
    super(
      'EVENT_MISSING',
      `transaction ${digest} succeeded but emitted no ${eventType} event (is the client's package the one deployed?)`,
    );
  }
}
