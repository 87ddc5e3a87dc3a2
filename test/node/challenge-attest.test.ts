/**
 * Attesting one round between two in-process nodes (challenge-pair.ts; real lmdb, real encoding,
 * real BLS): a full-metadata peer attests a compact prover's answer (and the other way round);
 * every way an answer can be wrong is refused with a typed error, and only a validly signed
 * symbol that the chain would punish becomes evidence, which the embedded chain's own checks
 * (move-messages.ts, slashing.ts) confirm.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { publicKeyOf, sign, verify } from '../../src/crypto/bls.ts';
import {
  challengeAttestationMessage,
  parseSignedSymbol,
  signedSymbolMessage,
  Verdict,
} from '../../src/crypto/messages.ts';
import { parseSignedSymbol as chainParseSignedSymbol } from '../../src/chain/embedded/move-messages.ts';
import { proofIsValid } from '../../src/chain/embedded/slashing.ts';
import { blobIdToU256 } from '../../src/encoding/blob-id.ts';
import { shardForPairIndex } from '../../src/encoding/pairs.ts';
import { loadHashEngine } from '../../src/encoding/hash.ts';
import { attestProofs } from '../../src/node/challenge/attest.ts';
import {
  ChallengeWaiverNotSeenError,
  ChallengeRoundNotSeenError,
  ChallengeRoundOverError,
  InvalidChallengeProofError,
} from '../../src/node/challenge/errors.ts';
import { EVIDENCE_STATE_KEY } from '../../src/node/challenge/evidence.ts';
import {
  signedSymbolBlobIdValid,
  signedSymbolPathsValid,
} from '../../src/node/challenge/proof-check.ts';
import { buildAnswer } from '../../src/node/challenge/prove.ts';
import { challengeProofsToBcs } from '../../src/node/challenge/wire.ts';
import { decodeStoredMetadata } from '../../src/node/store/stored-metadata.ts';
import { challengePair, DELETABLE, N, SEED, type Cleanup } from './challenge-pair.ts';
import {
  certifiedEvent,
  committeeEvent,
  NODE_A,
  NODE_B,
  registeredEvent,
  SECRET_A,
} from './helpers.ts';

describe('challenge answers between two nodes', () => {
  const cleanup: Cleanup = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });

  const { node, withService, setup } = challengePair(cleanup);

  it('attests a compact prover and a full prover, with the exact intent-4 message', async () => {
    const { a, b, aShards, round, depsOf, answer, body, blob } = await setup();
    expect(decodeStoredMetadata(b.ctx.store.getMetadata(blob.blobId)!).full).toBe(false);
    expect(answer.symbols).toHaveLength(4);
    expect(answer.waived).toEqual([]);
    const hash = await loadHashEngine();
    for (const s of answer.symbols) {
      const m = parseSignedSymbol(s.message);
      expect(m.context).toBe(3n);
      expect(signedSymbolPathsValid(hash, m)).toBe(true);
      // The chain's own check agrees: a report of this symbol would abort EProofValid.
      expect(proofIsValid(m)).toBe(true);
    }
    const json = await attestProofs(depsOf(a), 3n, body(answer.symbols));
    const message = new Uint8Array(Buffer.from(json.serializedMessage, 'base64'));
    expect(message).toEqual(
      challengeAttestationMessage({ epoch: 1, round: 3n, nodeId: NODE_B, verdict: Verdict.passed }),
    );
    expect(
      verify(new Uint8Array(Buffer.from(json.signature, 'base64')), message, publicKeyOf(SECRET_A)),
    ).toBe(true);

    // The other way: A (full metadata) proves, B (compact) attests.
    const fromA = await buildAnswer(a.ctx, round, aShards, N);
    expect(fromA.kind).toBe('ready');
    if (fromA.kind !== 'ready') return;
    const bodyA = challengeProofsToBcs({
      prover: NODE_A,
      epoch: 1,
      round: 3n,
      symbols: fromA.symbols,
      waived: [],
    });
    const att = await attestProofs(depsOf(b), 3n, bodyA);
    expect(Buffer.from(att.serializedMessage, 'base64')).toEqual(
      Buffer.from(challengeAttestationMessage({ epoch: 1, round: 3n, nodeId: NODE_A, verdict: 1 })),
    );
  });

  it('refuses missing, duplicated, foreign-signed and misdirected answers without evidence', async () => {
    const { a, blob, depsOf, answer, body, evidence } = await setup();
    const deps = depsOf(a);
    const [first, second] = answer.symbols;
    const refused = async (p: Promise<unknown>) => {
      const err = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(InvalidChallengeProofError);
      return err as InvalidChallengeProofError;
    };
    expect((await refused(attestProofs(deps, 3n, body([first])))).message).toMatch(/missing/);
    expect((await refused(attestProofs(deps, 3n, body([first, first, second])))).message).toMatch(
      /duplicate/,
    );
    const otherKey = new Uint8Array(32).fill(11);
    const foreign = answer.symbols.map((s) => ({
      message: s.message,
      signature: sign(otherKey, s.message),
    }));
    expect((await refused(attestProofs(deps, 3n, body(foreign)))).message).toMatch(/signature/);
    await refused(attestProofs(deps, 3n, body(answer.symbols, { epoch: 2 })));
    expect(
      (await refused(attestProofs(deps, 3n, body([...answer.symbols, first])))).message,
    ).toMatch(/at most 4 challenged/);
    // A symbol the prover signed for another round (context) or epoch is no answer to this one.
    for (const over of [{ context: 2n }, { epoch: 2 }]) {
      const replayed = signedSymbolMessage({ ...parseSignedSymbol(first.message), ...over });
      const signed = { message: replayed, signature: sign(SECRET_A, replayed) };
      expect((await refused(attestProofs(deps, 3n, body([signed, second])))).message).toMatch(
        /signed for epoch/,
      );
    }
    // Waivers are bounded by the challenged blobs before any of them is looked up.
    const many = Array.from({ length: 3 }, () => blob.blobId);
    expect(
      (await refused(attestProofs(deps, 3n, body(answer.symbols, { waived: many })))).message,
    ).toMatch(/3 waived blobs, at most 2 challenged/);
    // Rounds this node has not applied yet are retryable; rounds it no longer holds are over.
    await expect(
      attestProofs(deps, 4n, body(answer.symbols, { round: 4n })),
    ).rejects.toBeInstanceOf(ChallengeRoundNotSeenError);
    await expect(
      attestProofs(deps, 2n, body(answer.symbols, { round: 2n })),
    ).rejects.toBeInstanceOf(ChallengeRoundOverError);
    expect(evidence).toHaveLength(0);
  });

  it('keeps a signed symbol whose path does not verify as evidence the chain would punish', async () => {
    const { a, depsOf, answer, body, evidence } = await setup();
    const m = parseSignedSymbol(answer.symbols[0].message);
    const symbol = m.symbol.slice();
    symbol[0] ^= 1;
    const forged = signedSymbolMessage({ ...m, symbol });
    const signed = { message: forged, signature: sign(SECRET_A, forged) };
    const err = await attestProofs(depsOf(a), 3n, body([signed, answer.symbols[1]])).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InvalidChallengeProofError);
    expect((err as InvalidChallengeProofError).evidence).toBe(true);
    expect(evidence).toEqual([
      { nodeId: NODE_B, round: 3n, message: forged, signature: signed.signature },
    ]);
    const parsed = parseSignedSymbol(forged);
    expect(proofIsValid(parsed)).toBe(false);
    expect(signedSymbolBlobIdValid(await loadHashEngine(), parsed)).toBe(true);

    // The same bytes signed by someone else are refused but are no evidence against B.
    evidence.length = 0;
    const unsigned = { message: forged, signature: sign(new Uint8Array(32).fill(12), forged) };
    const err2 = await attestProofs(depsOf(a), 3n, body([unsigned, answer.symbols[1]])).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err2 as InvalidChallengeProofError).evidence).toBe(false);
    expect(evidence).toHaveLength(0);

    // Axis 2 fails the paths here, but the chain refuses to even parse it (EInvalidAxis): a
    // report would abort, so the signed symbol is refused without being kept as evidence.
    const badAxis = signedSymbolMessage({ ...m, axis: 2 });
    expect(() => chainParseSignedSymbol(badAxis)).toThrow(/EInvalidAxis/);
    const err3 = await attestProofs(
      depsOf(a),
      3n,
      body([{ message: badAxis, signature: sign(SECRET_A, badAxis) }, answer.symbols[1]]),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err3).toBeInstanceOf(InvalidChallengeProofError);
    expect((err3 as InvalidChallengeProofError).evidence).toBe(false);
    expect(evidence).toHaveLength(0);
  });

  it('owes nothing for a blob deleted after the round opened, once both sides applied it', async () => {
    const { a, b, bShards, round, deletable, depsOf, answer, body } = await setup();
    const deleted = {
      type: 'BlobDeleted' as const,
      data: {
        epoch: 1,
        blobId: blobIdToU256(deletable.blobId),
        endEpoch: 10,
        objectId: DELETABLE.objectId,
        wasCertified: true,
      },
    };
    // A is ahead: it dropped the blob; B still proves it. A ignores those symbols.
    await a.apply(deleted);
    await expect(attestProofs(depsOf(a), 3n, body(answer.symbols))).resolves.toBeDefined();
    // B applied it too: its slivers are gone and it waives the blob instead of failing.
    await b.apply(deleted);
    const after = await buildAnswer(b.ctx, round, bShards, N);
    expect(after.kind).toBe('ready');
    if (after.kind !== 'ready') return;
    expect(after.waived.map((x) => Buffer.from(x).toString('hex'))).toEqual([
      Buffer.from(deletable.blobId).toString('hex'),
    ]);
    expect(after.symbols).toHaveLength(2);
    const waived = body(after.symbols, { waived: after.waived });
    await expect(attestProofs(depsOf(a), 3n, waived)).resolves.toBeDefined();
    // A node that has not applied the deletion yet says "ask again" rather than "no".
    const behind = await node(NODE_A, 'full');
    await behind.apply(
      committeeEvent(
        1,
        N,
        [...Array(N).keys()].filter((s) => !bShards.includes(s)),
      ),
    );
    await behind.apply(registeredEvent(deletable, DELETABLE));
    await behind.apply(certifiedEvent(deletable, DELETABLE));
    await expect(attestProofs(depsOf(behind), 3n, waived)).rejects.toBeInstanceOf(
      ChallengeWaiverNotSeenError,
    );
  });

  it('pauses sliver reads from the round opening event until it closes or the epoch ends', async () => {
    const { a, blob, aShards } = await setup();
    withService(a);
    const pair = [...Array(N).keys()].find((p) =>
      aShards.includes(shardForPairIndex(p, blob.blobId, N)),
    )!;
    const read = async () =>
      (
        await a.app.inject({
          method: 'GET',
          url: `/v1/blobs/${blob.blobIdText}/slivers/${pair}/primary`,
        })
      ).statusCode;
    const opened = (round: bigint) => ({
      type: 'ChallengeRoundOpened' as const,
      data: { epoch: 1, round, seed: SEED },
    });
    expect(await read()).toBe(200);
    await a.apply(opened(1n));
    expect(await read()).toBe(503);
    await a.apply({
      type: 'ChallengeRoundClosed',
      data: { epoch: 1, round: 1n, certifiedWeight: 5 },
    });
    expect(await read()).toBe(200);
    await a.apply(opened(2n));
    expect(await read()).toBe(503);
    // The chain drops open rounds at an epoch change: nothing will close this one.
    await a.apply({ type: 'EpochChangeStart', data: { epoch: 2 } });
    expect(await read()).toBe(200);
  });

  it('answers a typed, retryable 503 while the chain gives no committee for the round', async () => {
    const { a, answer, body } = await setup();
    // The service's chain has no committee registered: getCommittee(1) is null.
    withService(a);
    await a.apply({ type: 'ChallengeRoundOpened', data: { epoch: 1, round: 3n, seed: SEED } });
    const res = await a.app.inject({
      method: 'POST',
      url: '/v1/challenge/3/proofs',
      payload: Buffer.from(body(answer.symbols)),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(res.statusCode).toBe(503);
    expect(res.json<{ error: { code: string } }>().error.code).toBe(
      'CHALLENGE_COMMITTEE_UNAVAILABLE',
    );
  });

  it('the proofs route refuses bad input with a typed error and keeps nothing', async () => {
    const { a, evidence } = await setup();
    const post = async (round: string, payload: Buffer) => {
      const res = await a.app.inject({
        method: 'POST',
        url: `/v1/challenge/${round}/proofs`,
        payload,
        headers: { 'content-type': 'application/octet-stream' },
      });
      return { status: res.statusCode, code: res.json<{ error: { code: string } }>().error.code };
    };
    const some = Buffer.from('not bcs');
    expect(await post('1', some)).toEqual({ status: 503, code: 'CHALLENGES_DISABLED' });
    withService(a);
    expect(await post('abc', some)).toEqual({ status: 400, code: 'INVALID_ROUND' });
    expect(await post('18446744073709551616', some)).toEqual({
      status: 400,
      code: 'INVALID_ROUND',
    });
    await a.apply({ type: 'ChallengeRoundOpened', data: { epoch: 1, round: 3n, seed: SEED } });
    expect(await post('3', some)).toEqual({ status: 400, code: 'INVALID_BCS' });
    expect(await post('3', Buffer.alloc(0))).toEqual({ status: 400, code: 'INVALID_BCS' });
    expect(evidence).toEqual([]);
    expect(a.ctx.store.getState(EVIDENCE_STATE_KEY) ?? []).toEqual([]);
  });
});
