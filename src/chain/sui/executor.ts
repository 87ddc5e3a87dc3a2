/**
 * Signs, executes and waits for one Floe transaction on Sui, and reads back what the callers of
 * `ChainClient` need: the decoded events, the objects it created (by Move type), and the sender's
 * net SUI change with the gas cost, from which returned coins and charged prices follow.
 */
import type { ClientWithCoreApi, SuiClientTypes } from '@mysten/sui/client';
import type { Signer } from '@mysten/sui/cryptography';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { ChainEventEnvelope } from '../events.ts';
import { InsufficientFundsError } from '../errors.ts';
import type { Logger } from '../../util/log.ts';
import {
  type AbortCodeLookup,
  executionErrorToFloe,
  InsufficientCoinBalance,
  thrownToFloe,
} from './abort.ts';
import { encodeCursor } from './cursor.ts';
import { decodeEvent, eventNameOf } from './event-decode.ts';

const SUI_COIN_TYPES = new Set(['0x2::sui::SUI', `${normalizeSuiAddress('0x2')}::sui::SUI`]);

export interface ExecutedTx {
  digest: string;
  /** Floe events of the transaction, decoded, in emission order. */
  events: ChainEventEnvelope[];
  /** Objects created by the transaction, with their full Move type. */
  created: { objectId: string; type: string }[];
  /**
   * Every object written (created, mutated, unwrapped): the address that owns it afterwards, or
   * for a shared object its initial shared version.
   */
  written: {
    objectId: string;
    type: string;
    owner: string | null;
    initialSharedVersion: string | null;
  }[];
  /** Packages the transaction published. */
  published: string[];
  /** Net SUI change of the sender (negative when it paid), gas included. */
  senderSuiDelta: bigint;
  /** Gas charged: computation + storage - rebate. */
  gasCost: bigint;
}

export interface SuiExecutorOptions {
  client: ClientWithCoreApi;
  signer: Signer;
  packageId: string;
  abortLookup: AbortCodeLookup;
  logger: Logger;
  /** Fixed gas budget; default: the SDK estimates it by simulating first. */
  gasBudget?: bigint;
}

export class SuiExecutor {
  readonly sender: string;
  private readonly log: Logger;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly opts: SuiExecutorOptions) {
    this.sender = opts.signer.toSuiAddress();
    this.log = opts.logger.child({ component: 'sui-executor' });
  }

  /**
   * Builds the transaction with `build`, signs, executes and waits until the node has indexed it
   * (so reads that follow see its effects). Throws `MoveAbortError` for an abort (in simulation
   * or execution), `InsufficientFundsError` when a coin or the gas balance is too small
   * (`needed` is `payment` when given, else 0), `TransactionRejectedError` for bad inputs and
   * `ChainUnavailableError` when the node cannot be reached.
   */
  async run(kind: string, build: (tx: Transaction) => void, payment?: bigint): Promise<ExecutedTx> {
    // One transaction at a time per sender: concurrent ones would pick the same gas coin and
    // the later one would fail on an object version that the earlier one already consumed.
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await this.runNow(kind, build, payment);
    } finally {
      release();
    }
  }

  private async runNow(
    kind: string,
    build: (tx: Transaction) => void,
    payment?: bigint,
  ): Promise<ExecutedTx> {
    const tx = new Transaction();
    tx.setSender(this.sender);
    if (this.opts.gasBudget !== undefined) tx.setGasBudget(this.opts.gasBudget);
    build(tx);
    const include = {
      effects: true,
      events: true,
      objectTypes: true,
      balanceChanges: true,
    } as const;
    let result: SuiClientTypes.TransactionResult<typeof include>;
    try {
      result = await this.opts.client.core.signAndExecuteTransaction({
        transaction: tx,
        signer: this.opts.signer,
        include,
      });
    } catch (err) {
      throw await this.finish(thrownToFloe(err, this.opts.abortLookup), payment);
    }
    if (result.$kind === 'FailedTransaction') {
      const failed = result.FailedTransaction;
      const error = failed.status.success ? undefined : failed.status.error;
      this.log.debug({ kind, digest: failed.digest }, 'transaction failed');
      if (error === undefined)
        throw await this.finish(
          thrownToFloe(new Error(`${kind} failed without an error`), this.opts.abortLookup),
          payment,
        );
      throw await this.finish(executionErrorToFloe(error, this.opts.abortLookup), payment);
    }
    const done = result.Transaction;
    try {
      await this.opts.client.core.waitForTransaction({ result });
    } catch (err) {
      throw thrownToFloe(err, this.opts.abortLookup);
    }
    this.log.debug({ kind, digest: done.digest }, 'transaction executed');
    return {
      digest: done.digest,
      events: this.decodeEvents(done.digest, done.events),
      created: done.effects.changedObjects
        .filter((c) => c.idOperation === 'Created')
        .map((c) => ({ objectId: c.objectId, type: done.objectTypes[c.objectId] ?? '' })),
      written: done.effects.changedObjects
        .filter((c) => c.outputState === 'ObjectWrite')
        .map((c) => ({
          objectId: c.objectId,
          type: done.objectTypes[c.objectId] ?? '',
          owner:
            c.outputOwner?.$kind === 'AddressOwner'
              ? normalizeSuiAddress(c.outputOwner.AddressOwner)
              : null,
          initialSharedVersion:
            c.outputOwner?.$kind === 'Shared'
              ? (c.outputOwner.Shared.initialSharedVersion ?? null)
              : null,
        })),
      published: done.effects.changedObjects
        .filter((c) => c.outputState === 'PackageWrite')
        .map((c) => c.objectId),
      senderSuiDelta: done.balanceChanges
        .filter(
          (b) => normalizeSuiAddress(b.address) === this.sender && SUI_COIN_TYPES.has(b.coinType),
        )
        .reduce((sum, b) => sum + BigInt(b.amount), 0n),
      gasCost:
        BigInt(done.effects.gasUsed.computationCost) +
        BigInt(done.effects.gasUsed.storageCost) -
        BigInt(done.effects.gasUsed.storageRebate),
    };
  }

  /** Floe events of a transaction as envelopes whose cursors resume right after each one. */
  decodeEvents(digest: string, events: SuiClientTypes.Event[]): ChainEventEnvelope[] {
    const out: ChainEventEnvelope[] = [];
    events.forEach((e, eventIndex) => {
      const name = eventNameOf(e.eventType, this.opts.packageId);
      if (name === undefined) return;
      out.push({
        event: decodeEvent(name, e.bcs),
        cursor: encodeCursor({ kind: 'event', txDigest: digest, eventIndex }),
        txDigest: digest,
        eventIndex,
        timestampMs: undefined,
      });
    });
    return out;
  }

  /** Completes an `InsufficientCoinBalance` into the interface's `InsufficientFundsError`. */
  private async finish(err: Error, payment: bigint | undefined): Promise<Error> {
    if (!(err instanceof InsufficientCoinBalance)) return err;
    let available = 0n;
    try {
      const { balance } = await this.opts.client.core.getBalance({ owner: this.sender });
      available = BigInt(balance.balance);
    } catch (cause) {
      this.log.warn({ err: cause }, 'could not read the balance for an insufficient-funds error');
    }
    const typed = new InsufficientFundsError(payment ?? 0n, available);
    (typed as { cause?: unknown }).cause = err;
    return typed;
  }
}
