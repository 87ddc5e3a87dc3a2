/**
 * The evidence reporter (src/node/challenge/evidence.ts) on a real node store: kept evidence is
 * written before it is sent, survives a stop, and only a Move abort (the chain's verdict) ends
 * the attempts; a failure to pay for the report is retried instead of dropping the evidence; one
 * piece per accused node and round is reported, however many a peer hands over.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InsufficientFundsError, MoveAbortError } from '../../src/chain/errors.ts';
import {
  EVIDENCE_STATE_KEY,
  EvidenceReporter,
  type EvidenceChain,
} from '../../src/node/challenge/evidence.ts';
import { NodeStore } from '../../src/node/store/node-store.ts';
import { unrefTimer } from '../../src/node/timer.ts';
import { silentLogger } from '../../src/util/log.ts';
import { NODE_B, tempDir } from './helpers.ts';
import { eventually } from './network.ts';

const EVIDENCE = {
  nodeId: NODE_B,
  round: 3n,
  message: Uint8Array.of(5, 0, 0, 1),
  signature: new Uint8Array(96).fill(3),
};

describe('challenge evidence reporter', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });

  function open(): NodeStore {
    const dir = tempDir();
    const store = NodeStore.open({ path: dir.path, log: silentLogger });
    cleanup.push(
      () => store.close(),
      () => dir.remove(),
    );
    return store;
  }

  /** A chain whose first `failures` reports throw what `fail` makes, then succeed. */
  function chainFailing(failures: number, fail: () => Error): EvidenceChain & { calls: number } {
    const chain = {
      calls: 0,
      reportInvalidSymbol: async () => {
        if (chain.calls++ < failures) throw fail();
        return { reward: 7n, digest: 'd', events: [] };
      },
    };
    return chain;
  }

  const reporter = (store: NodeStore, chain: EvidenceChain) => {
    const r = new EvidenceReporter({
      store,
      chain,
      log: silentLogger,
      setTimer: unrefTimer,
      backoff: { initialMs: 1, maxMs: 5 },
    });
    cleanup.unshift(() => r.close());
    return r;
  };
  const kept = (store: NodeStore) => store.getState<unknown[]>(EVIDENCE_STATE_KEY) ?? [];

  it('keeps reporting through a failure to pay, and forgets the evidence once reported', async () => {
    const store = open();
    const chain = chainFailing(2, () => new InsufficientFundsError(10n, 0n));
    reporter(store, chain).keep(EVIDENCE);
    await eventually(() => chain.calls === 3, 'the third report to go through');
    await eventually(() => kept(store).length === 0, 'the reported evidence to leave the store');
  });

  it('reports one piece per accused node and round, however many it is handed', async () => {
    const store = open();
    const chain = chainFailing(0, () => new Error('unused'));
    const r = reporter(store, chain);
    for (let i = 0; i < 10; i++) r.keep({ ...EVIDENCE, message: Uint8Array.of(5, 0, 0, 2, i) });
    r.keep({ ...EVIDENCE, round: 4n });
    await eventually(() => chain.calls === 2 && kept(store).length === 0, 'two reports');
    await r.close();
    expect(chain.calls).toBe(2);
  });

  it('ends at a Move abort, and resumes what a stopped reporter had kept', async () => {
    const store = open();
    const down = chainFailing(Infinity, () => new InsufficientFundsError(10n, 0n));
    const first = reporter(store, down);
    first.keep(EVIDENCE);
    await eventually(() => down.calls >= 1, 'a first attempt');
    await first.close();
    expect(kept(store)).toHaveLength(1);

    const refusing = chainFailing(
      Infinity,
      () => new MoveAbortError({ module: 'slashing', abortCode: 0, constantName: 'EEvidenceUsed' }),
    );
    reporter(store, refusing).resume();
    await eventually(() => kept(store).length === 0, 'the refused evidence to be dropped');
    expect(refusing.calls).toBe(1);
  });
});
