/**
 * The two `ChainClient` implementations must hand out identical events. Every event the embedded
 * chain emits in a whole flow is written as Move BCS (the event schemas of src/chain/bcs.ts,
 * pinned to events.move by the adapter's tests) and read back through the Sui adapter's decoder:
 * the result must equal what the embedded chain delivered.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_SCHEMAS, type EventName } from '../../src/chain/bcs.ts';
import { EVENT_FIELDS, type ChainEventType } from '../../src/chain/events.ts';
import { decodeEvent } from '../../src/chain/sui/event-decode.ts';
import { sign } from '../../src/crypto/bls.ts';
import {
  blobCertificateMessage,
  challengeAttestationMessage,
  invalidBlobIdMessage,
} from '../../src/crypto/messages.ts';
import { certify, epochOne, PARAMS, registerTestBlob } from './embedded/fixture.ts';

describe('embedded events read the same through the Sui adapter', () => {
  it('round-trips every event of a whole flow through Move BCS', async () => {
    const net = await epochOne();
    const [n0, n1] = net.nodes;
    const committee = (await net.admin.getCommittee())!;
    const blob = await registerTestBlob(net.user, { deletable: true });
    const persistence = { kind: 'Deletable' as const, objectId: blob.blobObjectId };
    const msg = blobCertificateMessage({ epoch: 1, blobId: blob.blobId, persistence });
    await net.user.certifyBlob({
      blobObjectId: blob.blobObjectId,
      certificate: certify(committee, net.nodes, net.nodes, msg),
    });
    await net.user.deleteBlob({ blobObjectId: blob.blobObjectId });
    const inv = invalidBlobIdMessage({ epoch: 1, blobId: 5n });
    await net.user.invalidateBlobId({ certificate: certify(committee, net.nodes, net.nodes, inv) });
    const { round } = await net.admin.openChallengeRound();
    for (const node of net.nodes) {
      const att = challengeAttestationMessage({ epoch: 1, round, nodeId: node.nodeId, verdict: 1 });
      await node.client.submitChallengeCertificate({
        capId: node.capId,
        round,
        certificate: certify(committee, net.nodes, net.nodes, att),
      });
    }
    const yes = challengeAttestationMessage({ epoch: 1, round: 9n, nodeId: n0.nodeId, verdict: 1 });
    const no = challengeAttestationMessage({ epoch: 1, round: 9n, nodeId: n0.nodeId, verdict: 0 });
    await net.user.reportEquivocation({
      nodeId: n1.nodeId,
      signatureA: sign(n1.keys.secretKey, yes),
      messageA: yes,
      signatureB: sign(n1.keys.secretKey, no),
      messageB: no,
    });
    const { adminCapId } = await net.admin.getChainInfo();
    await net.admin.setParams({ adminCapId, params: PARAMS });
    const { stakedId } = await net.user.stake({ nodeId: n0.nodeId, amount: 10n });
    await net.user.withdraw({ stakedId });
    const s2 = await net.admin.as(n0.operator).stake({ nodeId: n0.nodeId, amount: 10n });
    net.clock.advance(PARAMS.epochDurationMs);
    await net.admin.initiateEpochChange();
    await n0.client.epochSyncDone({ capId: n0.capId, epoch: 2 });
    await net.admin.as(n0.operator).requestWithdraw({ stakedId: s2.stakedId });

    const seen = new Set<ChainEventType>();
    for (const { event } of net.chain.allEvents) {
      seen.add(event.type);
      const schema = EVENT_SCHEMAS[event.type as EventName];
      const data = event.data as unknown as Record<string, unknown>;
      const raw = Object.fromEntries(
        EVENT_FIELDS[event.type].map((f) => [
          f,
          data[f.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())],
        ]),
      );
      const bytes = schema.serialize(raw as never).toBytes();
      expect(decodeEvent(event.type as EventName, bytes)).toEqual(event);
    }
    // NodeAbsent needs two finalized rounds; the challenge test covers its fields.
    expect([...Object.keys(EVENT_FIELDS)].filter((t) => !seen.has(t as ChainEventType))).toEqual([
      'NodeAbsent',
    ]);
    net.chain.close();
  });
});
