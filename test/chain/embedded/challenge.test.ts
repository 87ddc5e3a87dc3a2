import { describe, expect, it } from 'vitest';
import { blake2b } from '@noble/hashes/blake2.js';
import { sign } from '../../../src/crypto/bls.ts';
import {
  challengeAttestationMessage,
  signedSymbolMessage,
  type SignedSymbolMessage,
} from '../../../src/crypto/messages.ts';
import { MoveAbortError } from '../../../src/chain/errors.ts';
import { blobIdFromBytes } from '../../../src/chain/ids.ts';
import { deriveBlobId } from '../../../src/chain/embedded/storage-resource.ts';
import type { ChainEvent } from '../../../src/chain/events.ts';
import { certify, epochOne, type TestNet, type TestNode } from './fixture.ts';

const H = (b: Uint8Array) => blake2b(b, { dkLen: 32 });
const data = (events: { event: ChainEvent }[], type: ChainEvent['type']) =>
  events.filter((e) => e.event.type === type).map((e) => e.event.data);

async function submit(net: TestNet, node: TestNode, round: bigint) {
  const committee = (await net.admin.getCommittee())!;
  const message = challengeAttestationMessage({
    epoch: committee.epoch,
    round,
    nodeId: node.nodeId,
    verdict: 1,
  });
  // Peers attest: every member but the subject itself (quorum weight is still reached).
  const cert = certify(committee, net.nodes, net.nodes, message);
  return node.client.submitChallengeCertificate({ capId: node.capId, round, certificate: cert });
}

describe('challenge rounds and slashing on the embedded chain', () => {
  it('closes rounds at quorum, accepts late nodes, counts absences and slashes repeated absence', async () => {
    const net = await epochOne();
    const [n0, n1, n2, n3] = net.nodes;
    const opened = await net.admin.openChallengeRound();
    expect(opened.round).toBe(1n);
    const seed = (data(opened.events, 'ChallengeRoundOpened')[0] as { seed: Uint8Array }).seed;
    expect(seed.length).toBe(32);

    await submit(net, n0, 1n); // weight 4
    const closing = await submit(net, n1, 1n); // 4 + 3 = 7: 3*7 >= 21
    expect(data(closing.events, 'ChallengeRoundClosed')).toEqual([
      { epoch: 1, round: 1n, certifiedWeight: 7 },
    ]);
    const late = await submit(net, n3, 1n);
    expect(data(late.events, 'ChallengeCertified')).toEqual([
      { epoch: 1, round: 1n, nodeId: n3.nodeId, weight: 1, late: true },
    ]);
    await expect(net.admin.openChallengeRound()).rejects.toMatchObject({
      constantName: 'ETooEarly',
    });

    net.clock.advance(100n);
    await net.admin.openChallengeRound();
    // Round 1 is now the previous round: a slow node may still certify it.
    const slow = await submit(net, n2, 1n);
    expect(data(slow.events, 'ChallengeCertified')).toEqual([
      { epoch: 1, round: 1n, nodeId: n2.nodeId, weight: 2, late: true },
    ]);
    await submit(net, n0, 2n);
    const close2 = await submit(net, n1, 2n);
    // Closing round 2 finalizes round 1, which every node certified: nobody is absent.
    expect(data(close2.events, 'NodeAbsent')).toEqual([]);
    await expect(submit(net, n2, 1n)).rejects.toMatchObject({
      module: 'challenge',
      constantName: 'EUnknownRound',
    });

    net.clock.advance(100n);
    await net.admin.openChallengeRound();
    await submit(net, n0, 3n);
    await submit(net, n3, 3n);
    const close3 = await submit(net, n1, 3n);
    // Round 2 finalized: n2 and n3 never certified it.
    expect(data(close3.events, 'NodeAbsent')).toEqual(
      [
        { epoch: 1, round: 2n, nodeId: n2.nodeId, absences: 1 },
        { epoch: 1, round: 2n, nodeId: n3.nodeId, absences: 1 },
      ].sort((a, b) => (BigInt(a.nodeId) < BigInt(b.nodeId) ? -1 : 1)),
    );
    expect((await net.admin.getNode(n2.nodeId))!.forfeit).toBe(true);

    net.clock.advance(100n);
    await net.admin.openChallengeRound();
    await submit(net, n0, 4n);
    await submit(net, n3, 4n);
    const close4 = await submit(net, n1, 4n);
    // n2 is absent a second time (max_absences = 2): slashed absence_slash_bps of its stake.
    const slashed = data(close4.events, 'NodeSlashed');
    expect(slashed).toEqual([
      {
        epoch: 1,
        nodeId: n2.nodeId,
        amount: (2000n * 200n) / 10000n,
        reason: 2,
        reporter: '0x' + '0'.repeat(64),
      },
    ]);
    const pool2 = (await net.admin.getNode(n2.nodeId))!;
    expect(pool2.absences).toBe(0);
    expect(pool2.activeStake).toBe(2000n - 40n);
    expect((await net.admin.getNode(n3.nodeId))!.absences).toBe(0);
    expect((await net.admin.getSystemState()).burned).toBe(40n);

    // The next epoch change pays no rewards to forfeiting nodes.
    net.clock.advance(1000n);
    const change = await net.admin.initiateEpochChange();
    const paid = data(change.events, 'RewardsPaid').map((d) => (d as { nodeId: string }).nodeId);
    expect(paid).not.toContain(n2.nodeId);
    expect(paid).toContain(n0.nodeId);
    net.chain.close();
  });

  it('slashes a node that signed a symbol whose proof does not reach the root, once', async () => {
    const net = await epochOne();
    const [n0] = net.nodes;
    const symbol = Uint8Array.of(1, 2, 3, 4);
    const other = new Uint8Array(32).fill(5);
    // A one-symbol sliver and a one-pair blob: the root is H(0 || H(0 || symbol) || other).
    const sliverHash = H(Uint8Array.of(0, ...symbol));
    const root = blobIdFromBytes(H(Uint8Array.of(0, ...sliverHash, ...other)));
    const base: SignedSymbolMessage = {
      epoch: 1,
      blobId: deriveBlobId(1, 100n, root),
      encodingType: 1,
      size: 100n,
      rootHash: root,
      pairIndex: 0,
      axis: 0,
      symbolIndex: 0,
      symbol,
      sliverPath: [],
      otherHash: other,
      pairPath: [],
      context: 1n,
    };
    const reporter = net.user;
    const valid = signedSymbolMessage(base);
    await expect(
      reporter.reportInvalidSymbol({
        nodeId: n0.nodeId,
        signature: sign(n0.keys.secretKey, valid),
        message: valid,
      }),
    ).rejects.toMatchObject({ module: 'slashing', constantName: 'EProofValid' });

    const forged = signedSymbolMessage({ ...base, symbol: Uint8Array.of(1, 2, 3, 5) });
    const sig = sign(n0.keys.secretKey, forged);
    const balance = await reporter.getBalance();
    await expect(
      reporter.reportInvalidSymbol({
        nodeId: n0.nodeId,
        signature: sign(net.nodes[1].keys.secretKey, forged),
        message: forged,
      }),
    ).rejects.toMatchObject({ module: 'slashing', constantName: 'EInvalidSignature' });
    const r = await reporter.reportInvalidSymbol({
      nodeId: n0.nodeId,
      signature: sig,
      message: forged,
    });
    const amount = (4000n * 500n) / 10000n;
    expect(data(r.events, 'NodeSlashed')).toEqual([
      { epoch: 1, nodeId: n0.nodeId, amount, reason: 0, reporter: reporter.sender },
    ]);
    expect(r.reward).toBe((amount * 1000n) / 10000n);
    expect(await reporter.getBalance()).toBe(balance + r.reward);
    expect((await net.admin.getSystemState()).burned).toBe(amount - r.reward);
    const err = await reporter
      .reportInvalidSymbol({ nodeId: n0.nodeId, signature: sig, message: forged })
      .catch((e) => e);
    expect(err).toBeInstanceOf(MoveAbortError);
    expect(err.constantName).toBe('EEvidenceUsed');
    // An index that its (empty) path cannot address is not a valid proof, even if the hashes meet.
    const overflow = signedSymbolMessage({ ...base, symbolIndex: 1 });
    const again = await reporter.reportInvalidSymbol({
      nodeId: n0.nodeId,
      signature: sign(n0.keys.secretKey, overflow),
      message: overflow,
    });
    expect(again.events[0].event).toMatchObject({ type: 'NodeSlashed', data: { reason: 0 } });
    net.chain.close();
  });

  it('slashes equivocation: two signed verdicts for the same node and round', async () => {
    const net = await epochOne();
    const [, n1, n2] = net.nodes;
    const yes = challengeAttestationMessage({ epoch: 1, round: 7n, nodeId: n2.nodeId, verdict: 1 });
    const no = challengeAttestationMessage({ epoch: 1, round: 7n, nodeId: n2.nodeId, verdict: 0 });
    const args = {
      nodeId: n1.nodeId,
      signatureA: sign(n1.keys.secretKey, yes),
      messageA: yes,
      signatureB: sign(n1.keys.secretKey, yes),
      messageB: yes,
    };
    await expect(net.user.reportEquivocation(args)).rejects.toMatchObject({
      constantName: 'ENotConflicting',
    });
    const r = await net.user.reportEquivocation({
      ...args,
      signatureB: sign(n1.keys.secretKey, no),
      messageB: no,
    });
    expect(data(r.events, 'NodeSlashed')).toMatchObject([{ nodeId: n1.nodeId, reason: 1 }]);
    await expect(
      net.user.reportEquivocation({
        ...args,
        signatureB: sign(n1.keys.secretKey, no),
        messageB: no,
      }),
    ).rejects.toMatchObject({ constantName: 'EEvidenceUsed' });
    net.chain.close();
  });
});
