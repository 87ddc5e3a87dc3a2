/**
 * What a node does when a rebuilt sliver proves a blob inconsistent: it sends the proof to every
 * peer, checks each returned attestation (the expected intent-2 message, a valid signature by
 * that committee member), and once the signers hold validity weight (3w >= n+1, counting its own
 * signature) it submits the aggregate to `invalidate_blob_id`. The chain's `InvalidBlobID` event
 * then makes every node drop the blob.
 */
import { verify } from '../../crypto/bls.ts';
import { assembleCertificate } from '../../crypto/certificate.ts';
import { isValidity } from '../../crypto/committee-keys.ts';
import { invalidBlobIdMessage } from '../../crypto/messages.ts';
import { MoveAbortError } from '../../chain/errors.ts';
import { blobIdToString, blobIdToU256 } from '../../encoding/blob-id.ts';
import type { InconsistencyProof } from '../../encoding/inconsistency.ts';
import { bytesEqual } from '../../encoding/merkle.ts';
import { inconsistencyProofToBcs } from '../../encoding/recovery-wire.ts';
import type { Logger } from '../../util/log.ts';
import type { NodeChain, NodeContext } from '../service/context.ts';
import type { Peer } from './recover-sliver.ts';

export interface ReportArgs {
  ctx: NodeContext;
  chain: NodeChain;
  blobId: Uint8Array;
  proof: InconsistencyProof;
  peers: readonly Peer[];
  fetch: typeof fetch;
  log: Logger;
}

/** Sends the proof around and invalidates the blob when enough peers agree; true if submitted. */
export async function reportInconsistency(args: ReportArgs): Promise<boolean> {
  const { ctx, blobId, proof } = args;
  const view = ctx.committee.require();
  const committee = await args.chain.getCommittee(view.epoch);
  if (committee === null) return false;
  const message = invalidBlobIdMessage({ epoch: view.epoch, blobId: blobIdToU256(blobId) });
  const text = blobIdToString(blobId);
  const body = inconsistencyProofToBcs(proof);
  const signatures = new Map<number, Uint8Array>();
  const selfIndex = committee.members.findIndex((m) => m.nodeId === ctx.nodeId);
  if (selfIndex >= 0) signatures.set(selfIndex, ctx.signer.sign(message));

  await Promise.allSettled(
    args.peers.map(async (peer) => {
      const index = committee.members.findIndex((m) => m.nodeId === peer.nodeId);
      if (index < 0) return;
      const res = await args.fetch(
        `${peer.url}/v1/blobs/${text}/inconsistencyProof/${proof.axis}`,
        {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/octet-stream' },
          signal: AbortSignal.timeout(15_000),
        },
      );
      const json = (await res.json()) as {
        success?: { data?: { serializedMessage?: string; signature?: string } };
      };
      const data = json.success?.data;
      if (
        !res.ok ||
        typeof data?.serializedMessage !== 'string' ||
        typeof data.signature !== 'string'
      )
        return;
      const got = new Uint8Array(Buffer.from(data.serializedMessage, 'base64'));
      const signature = new Uint8Array(Buffer.from(data.signature, 'base64'));
      if (
        bytesEqual(got, message) &&
        verify(signature, message, committee.members[index].publicKey)
      )
        signatures.set(index, signature);
    }),
  );

  const weight = [...signatures.keys()].reduce((w, i) => w + committee.members[i].shards.length, 0);
  const log = args.log.child({ blobId: text, epoch: view.epoch });
  if (!isValidity(weight, committee.nShards)) {
    log.warn(
      { weight, needed: Math.ceil((committee.nShards + 1) / 3) },
      'not enough attestations to invalidate the blob yet',
    );
    return false;
  }
  try {
    await args.chain.invalidateBlobId({
      certificate: assembleCertificate(message, signatures, committee.members.length),
    });
    log.warn({ weight }, 'blob invalidated on chain');
    return true;
  } catch (err) {
    // Someone else may have invalidated it first; the event reaches this node either way.
    if (err instanceof MoveAbortError) {
      log.info({ err }, 'invalidation not accepted (probably already invalidated)');
      return false;
    }
    throw err;
  }
}
