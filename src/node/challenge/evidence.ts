/**
 * Slashing evidence found while attesting: a symbol signed by a node whose Merkle paths do not
 * reach its root. Each piece is written to the store first (so a restart still reports it), then
 * sent to `slashing::report_invalid_symbol`. Only a Move abort (someone reported it first, or the
 * chain disagrees) ends the attempt; any other failure (network, gas) is retried with back-off
 * until the node stops. Reported pieces leave the store.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { MoveAbortError } from '../../chain/errors.ts';
import type { ChainClient } from '../../chain/types.ts';
import type { Logger } from '../../util/log.ts';
import type { NodeStore } from '../store/node-store.ts';
import type { SetTimer } from '../timer.ts';
import type { InvalidSymbolEvidence } from './attest.ts';
import { backoffDelay, DEFAULT_BACKOFF, pause, type BackoffOptions } from './backoff.ts';

export const EVIDENCE_STATE_KEY = 'challenge-evidence';

interface StoredEvidence {
  nodeId: string;
  message: string;
  signature: string;
}

export type EvidenceChain = Pick<ChainClient, 'reportInvalidSymbol'>;

export interface EvidenceReporterOptions {
  store: NodeStore;
  chain: EvidenceChain;
  log: Logger;
  setTimer: SetTimer;
  backoff?: BackoffOptions;
}

export class EvidenceReporter {
  private readonly pending = new Map<string, StoredEvidence>();
  /** `nodeId/round` of the evidence kept since the node started. */
  private readonly accused = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private readonly stop = new AbortController();
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly opts: EvidenceReporterOptions) {}

  /** Reports whatever a previous run kept but did not get on chain. */
  resume(): void {
    const saved = this.opts.store.getState<StoredEvidence[]>(EVIDENCE_STATE_KEY) ?? [];
    for (const e of saved) this.start(e);
  }

  /**
   * Keeps `evidence` and reports it in the background: once per distinct message, and at most
   * one piece per accused node and round. One is enough to slash it; a node signing bad symbols
   * by the thousand must not make its peers pay for a report transaction each.
   */
  keep(evidence: InvalidSymbolEvidence): void {
    const accused = `${evidence.nodeId}/${evidence.round}`;
    if (this.accused.has(accused)) return;
    this.accused.add(accused);
    this.start({
      nodeId: evidence.nodeId,
      message: Buffer.from(evidence.message).toString('hex'),
      signature: Buffer.from(evidence.signature).toString('hex'),
    });
  }

  /** Stops retrying; resolves once no report is in flight. */
  async close(): Promise<void> {
    this.stop.abort();
    await Promise.allSettled([...this.running]);
    await this.writes;
  }

  private start(e: StoredEvidence): void {
    const key = Buffer.from(blake2b(Buffer.from(e.message, 'hex'), { dkLen: 32 })).toString('hex');
    if (this.pending.has(key) || this.stop.signal.aborted) return;
    this.pending.set(key, e);
    this.save();
    const run = this.report(key, e).finally(() => this.running.delete(run));
    this.running.add(run);
  }

  private save(): void {
    const snapshot = [...this.pending.values()];
    this.writes = this.writes
      .then(() => this.opts.store.putState(EVIDENCE_STATE_KEY, snapshot))
      .catch((err: unknown) => this.opts.log.error({ err }, 'could not keep challenge evidence'));
  }

  private async report(key: string, e: StoredEvidence): Promise<void> {
    const log = this.opts.log.child({ accused: e.nodeId });
    const backoff = this.opts.backoff ?? DEFAULT_BACKOFF;
    for (let attempt = 0; !this.stop.signal.aborted; attempt++) {
      try {
        const { reward } = await this.opts.chain.reportInvalidSymbol({
          nodeId: e.nodeId,
          message: new Uint8Array(Buffer.from(e.message, 'hex')),
          signature: new Uint8Array(Buffer.from(e.signature, 'hex')),
        });
        log.warn({ reward }, 'invalid challenge symbol reported; node slashed');
        break;
      } catch (err) {
        if (err instanceof MoveAbortError) {
          log.info({ err }, 'invalid-symbol report not accepted (already reported?)');
          break;
        }
        // Anything else (network, gas, a transaction refused for now) may pass later: the
        // evidence stays kept and goes out again.
        log.warn({ err, attempt }, 'invalid-symbol report failed; retrying');
        if (!(await pause(this.opts.setTimer, backoffDelay(backoff, attempt), this.stop.signal)))
          return;
      }
    }
    if (this.stop.signal.aborted) return;
    this.pending.delete(key);
    this.save();
  }
}
