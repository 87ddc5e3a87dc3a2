/**
 * Two in-process storage nodes sharing one challenge round (real lmdb, real encoding, real BLS),
 * for the attest and prove tests: prover B keeps compact metadata of pairs 4 and 5 of the first
 * blob, attester A full metadata of every other shard; both blobs are challenged (round 3 of
 * epoch 1), the second one is deletable. Every node and chain made is closed through `cleanup`.
 */
import { expect } from 'vitest';
import { decodePublicKey, publicKeyOf } from '../../src/crypto/bls.ts';
import type { EncodedBlob } from '../../src/encoding/encode.ts';
import { shardForPairIndex } from '../../src/encoding/pairs.ts';
import { sliverToBcs } from '../../src/encoding/sliver.ts';
import type { InvalidSymbolEvidence, RoundCommittee } from '../../src/node/challenge/attest.ts';
import { buildAnswer } from '../../src/node/challenge/prove.ts';
import { ChallengeRounds, type RoundSnapshot } from '../../src/node/challenge/rounds.ts';
import { selectChallengedBlobs } from '../../src/node/challenge/selection.ts';
import { ChallengeService } from '../../src/node/challenge/service.ts';
import { challengeProofsToBcs, type SignedSymbolBytes } from '../../src/node/challenge/wire.ts';
import { silentLogger } from '../../src/util/log.ts';
import {
  blobOf,
  certifiedEvent,
  committeeEvent,
  inProcessNode,
  NODE_A,
  NODE_B,
  putMetadata,
  registeredEvent,
  SECRET_A,
  tempDir,
  type InProcessNode,
} from './helpers.ts';
import { ADMIN, openEmbeddedChain } from './network.ts';

export const N = 7; // f = 2: a compact node holding only pairs > 2 keeps root and own paths
export const SEED = new Uint8Array(32).fill(9);
export const DELETABLE = { deletable: true, objectId: '0x' + '02'.repeat(32) };

export type Cleanup = (() => Promise<void> | void)[];

/** The pair's builders; what they open is closed by running `cleanup` (after each test). */
export function challengePair(cleanup: Cleanup) {
  async function node(nodeId: string, mode: 'full' | 'compact'): Promise<InProcessNode> {
    const dir = tempDir();
    const n = inProcessNode({ dir: dir.path, nodeId, metadataMode: mode });
    cleanup.push(
      () => n.close(),
      () => dir.remove(),
    );
    return n;
  }

  /**
   * Runs `n`'s challenge service (attesting only, no cap) on a fresh embedded chain that has
   * no committee: rounds move only by the events the test applies.
   */
  function withService(n: InProcessNode): void {
    const { chain, client } = openEmbeddedChain();
    cleanup.push(() => chain.close());
    const service = new ChallengeService({
      ctx: n.ctx,
      chain: client(ADMIN),
      capId: undefined,
      peerUrls: async () => new Map(),
      fetch,
      log: silentLogger,
    });
    n.ctx.challenges = service;
    cleanup.unshift(() => service.close());
  }

  async function store(
    n: InProcessNode,
    blob: EncodedBlob,
    shards: number[],
    object: { deletable?: boolean; objectId?: string } = {},
  ): Promise<void> {
    await n.apply(registeredEvent(blob, object));
    await n.apply(certifiedEvent(blob, object));
    expect((await putMetadata(n, blob)).statusCode).toBe(201);
    for (let p = 0; p < N; p++) {
      if (!shards.includes(shardForPairIndex(p, blob.blobId, N))) continue;
      for (const axis of ['primary', 'secondary'] as const) {
        const res = await n.app.inject({
          method: 'PUT',
          url: `/v1/blobs/${blob.blobIdText}/slivers/${p}/${axis}`,
          payload: Buffer.from(sliverToBcs(blob.pairs[p][axis])),
        });
        expect(res.statusCode).toBe(200);
      }
    }
  }

  /**
   * Prover B (compact, pairs 4 and 5 of the first blob) and attester A (full, every other
   * shard); both blobs are challenged, the second one is deletable.
   */
  async function setup() {
    const blob = await blobOf(3_000, N, 5);
    const deletable = await blobOf(2_000, N, 6);
    const bShards = [4, 5].map((p) => shardForPairIndex(p, blob.blobId, N));
    const aShards = [...Array(N).keys()].filter((s) => !bShards.includes(s));
    const a = await node(NODE_A, 'full');
    const b = await node(NODE_B, 'compact');
    for (const n of [a, b]) await n.apply(committeeEvent(1, N, aShards));
    await store(a, blob, aShards);
    await store(b, blob, bShards);
    await store(a, deletable, aShards, DELETABLE);
    await store(b, deletable, bShards, DELETABLE);
    const round: RoundSnapshot = {
      epoch: 1,
      round: 3n,
      seed: SEED,
      blobs: selectChallengedBlobs(SEED, [blob.blobId, deletable.blobId]),
      closed: false,
      certified: [],
    };
    const key = decodePublicKey(publicKeyOf(SECRET_A));
    const committee: RoundCommittee = {
      epoch: 1,
      nShards: N,
      members: [
        { nodeId: NODE_A, shards: aShards, key },
        { nodeId: NODE_B, shards: bShards, key },
      ],
    };
    const evidence: InvalidSymbolEvidence[] = [];
    const depsOf = (n: InProcessNode) => ({
      ctx: n.ctx,
      rounds: new ChallengeRounds({ current: round, previous: undefined }),
      committee: async () => committee,
      keepEvidence: (e: InvalidSymbolEvidence) => void evidence.push(e),
    });
    const answer = await buildAnswer(b.ctx, round, bShards, N);
    if (answer.kind !== 'ready') throw new Error(`prover cannot answer: ${answer.missing}`);
    const body = (
      symbols: SignedSymbolBytes[],
      over: Partial<{ round: bigint; epoch: number; waived: Uint8Array[] }> = {},
    ) =>
      challengeProofsToBcs({
        prover: NODE_B,
        epoch: over.epoch ?? 1,
        round: over.round ?? 3n,
        symbols,
        waived: over.waived ?? [],
      });
    return {
      blob,
      deletable,
      a,
      b,
      aShards,
      bShards,
      round,
      committee,
      evidence,
      depsOf,
      answer,
      body,
    };
  }
  return { node, withService, setup };
}

export type ChallengePair = Awaited<ReturnType<ReturnType<typeof challengePair>['setup']>>;
