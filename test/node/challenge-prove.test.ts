/**
 * The prover's side of a round between two in-process nodes (challenge-pair.ts): B builds its
 * answer from its own store and runs its prover loop against A's real route. Only the chain's
 * verdict (a Move abort) or the round's end stops the loop: a transaction that fails for now, a
 * peer that refuses for now, or one slower than the request timeout do not.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TransactionRejectedError } from '../../src/chain/errors.ts';
import { sleep } from '../../src/client/util/concurrency.ts';
import { attestProofs } from '../../src/node/challenge/attest.ts';
import { proveRound, type CertifyChain } from '../../src/node/challenge/certify.ts';
import { InvalidChallengeProofError } from '../../src/node/challenge/errors.ts';
import { buildAnswer } from '../../src/node/challenge/prove.ts';
import { unrefTimer } from '../../src/node/timer.ts';
import { silentLogger } from '../../src/util/log.ts';
import { challengePair, N, type ChallengePair, type Cleanup } from './challenge-pair.ts';
import { NODE_A } from './helpers.ts';

const NODE_C = '0x' + 'cc'.repeat(32);
const NODE_C_URL = 'http://node-c';

describe('proving a challenge round', () => {
  const cleanup: Cleanup = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });
  const { setup } = challengePair(cleanup);

  /**
   * Runs B's prover loop for the round of `s` with A as its only peer, reached through A's real
   * route (app.inject behind `fetch`), each answer of A `peerDelayMs` late (the request's signal
   * cuts the wait: then A's answer is lost), certificates posted to `chain`.
   */
  async function proveToA(
    s: ChallengePair,
    chain: CertifyChain,
    opts: {
      /** A third member, C, whose answer is this status at once (no shards: no weight). */
      thirdPeerStatus?: number;
      peerDelayMs?: number;
      requestTimeoutMs?: number;
      maxAsks?: number;
      /** A refuses this many answers first (400), as a peer missing something would. */
      refusals?: number;
    } = {},
  ) {
    const { a, b, round, committee, depsOf } = s;
    const attesting = depsOf(a);
    let asked = 0;
    let refusals = opts.refusals ?? 0;
    a.ctx.challenges = {
      pausedBy: () => undefined,
      onEvent: () => undefined,
      attest: async (r, bytes) => {
        if (refusals-- > 0) throw new InvalidChallengeProofError('not yet');
        return attestProofs(attesting, r, bytes);
      },
    };
    const viaA: typeof fetch = async (input, init) => {
      if (String(input).startsWith(NODE_C_URL))
        return Response.json({ error: { code: 'X' } }, { status: opts.thirdPeerStatus ?? 500 });
      asked++;
      if (opts.peerDelayMs) await sleep(opts.peerDelayMs, init!.signal ?? undefined);
      const res = await a.app.inject({
        method: 'POST',
        url: new URL(String(input)).pathname,
        payload: Buffer.from(init!.body as Uint8Array),
        headers: { 'content-type': 'application/octet-stream' },
      });
      return new Response(res.rawPayload, { status: res.statusCode });
    };
    const outcome = await proveRound(
      {
        ctx: b.ctx,
        chain,
        capId: '0x' + '0c'.repeat(32),
        committee: async () =>
          opts.thirdPeerStatus === undefined
            ? committee
            : {
                ...committee,
                members: [
                  ...committee.members,
                  { nodeId: NODE_C, shards: [], key: committee.members[0].key },
                ],
              },
        peerUrls: async () =>
          new Map([
            [NODE_A, 'http://node-a'],
            [NODE_C, NODE_C_URL],
          ]),
        // Ends a loop that would otherwise ask forever (the round would end it in real life).
        stillWanted: () => asked < (opts.maxAsks ?? Infinity),
        fetch: viaA,
        log: silentLogger,
        setTimer: unrefTimer,
        backoff: { initialMs: 1, maxMs: 5 },
        ...(opts.requestTimeoutMs ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
      },
      round,
      new AbortController().signal,
    );
    return { outcome, asked };
  }

  /** A chain that records the rounds of the certificates it took. */
  function recordingChain(failFirst?: Error): { chain: CertifyChain; posted: bigint[] } {
    const posted: bigint[] = [];
    let calls = 0;
    return {
      posted,
      chain: {
        submitChallengeCertificate: async (args) => {
          if (calls++ === 0 && failFirst) throw failFirst;
          posted.push(args.round);
          return { digest: 'd', events: [] };
        },
      },
    };
  }

  it('a prover whose certificate transaction fails for now posts it again, attestations kept', async () => {
    // Not a Move abort: e.g. the gas coin was in use by another of the node's transactions.
    const { chain, posted } = recordingChain(
      new TransactionRejectedError('object is locked by another transaction'),
    );
    const { outcome, asked } = await proveToA(await setup(), chain);
    expect(outcome).toBe('certified');
    expect(posted).toEqual([3n]);
    // The second try reused A's attestation instead of asking again.
    expect(asked).toBe(1);
  });

  it('a prover asks again after a refusal without rebuilding its answer', async () => {
    const s = await setup();
    const { chain, posted } = recordingChain();
    let sliverReads = 0;
    const getSliver = s.b.ctx.store.getSliver.bind(s.b.ctx.store);
    s.b.ctx.store.getSliver = (...args) => (sliverReads++, getSliver(...args));
    const { outcome, asked } = await proveToA(s, chain, { refusals: 2 });
    expect(outcome).toBe('certified');
    expect(posted).toEqual([3n]);
    expect(asked).toBe(3);
    // One read per challenged symbol (4), for the one answer sent three times.
    expect(sliverReads).toBe(s.answer.symbols.length);
  });

  it('a peer slower than the request timeout still attests: the timeout grows on each retry', async () => {
    const { chain, posted } = recordingChain();
    // A answers after 150 ms; the first timeout is 20 ms: 20, 40, 80, 160 ms.
    const { outcome, asked } = await proveToA(await setup(), chain, {
      peerDelayMs: 150,
      requestTimeoutMs: 20,
      maxAsks: 12,
    });
    expect(outcome).toBe('certified');
    expect(posted).toEqual([3n]);
    expect(asked).toBeGreaterThanOrEqual(4);
  });

  it("a peer's 410 (done with the round) does not end the round for the prover", async () => {
    const { chain, posted } = recordingChain();
    // C says "round over" at once; A's attestation comes a little later.
    const { outcome } = await proveToA(await setup(), chain, {
      thirdPeerStatus: 410,
      peerDelayMs: 50,
    });
    expect(outcome).toBe('certified');
    expect(posted).toEqual([3n]);
  });

  it('cannot answer from a store that lost a challenged sliver', async () => {
    const { b, bShards, round, blob } = await setup();
    await b.ctx.store.transaction((tx) => tx.removeSlivers([bShards[0]], blob.blobId));
    const answer = await buildAnswer(b.ctx, round, bShards, N);
    expect(answer.kind).toBe('missing');
  });

  it('counts a stored sliver that no longer decodes as missing instead of throwing', async () => {
    const { b, bShards, round, blob } = await setup();
    await b.ctx.store.putSliver(bShards[0], blob.blobId, 'primary', Uint8Array.of(1, 2, 3));
    await b.ctx.store.putSliver(bShards[0], blob.blobId, 'secondary', Uint8Array.of(1, 2, 3));
    const answer = await buildAnswer(b.ctx, round, bShards, N);
    expect(answer.kind).toBe('missing');
    if (answer.kind === 'missing') expect(answer.missing[0]).toMatch(/does not decode/);
  });
});
