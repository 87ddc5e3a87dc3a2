/**
 * The embedded-chain scenario (test/chain/embedded/scenario.test.ts) as Sui transactions, built
 * offline and checked from their bytes: four nodes register with real BLS proofs of possession,
 * stake, epoch 1 starts, a blob is reserved+registered in one PTB and certified with a real
 * aggregate certificate, epoch 2 starts and every node reports sync done, a challenge round opens
 * and each node posts its quorum certificate. Every transaction is signed by its sender and
 * the signature verifies; the certificates read back from the bytes verify against the committee.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { bcs } from '@mysten/bcs';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { fromBase64 } from '@mysten/sui/utils';
import { verifyTransactionSignature } from '@mysten/sui/verify';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, sign } from '../../../src/crypto/bls.ts';
import { assembleCertificate, type Certificate } from '../../../src/crypto/certificate.ts';
import { CommitteeKeys } from '../../../src/crypto/committee-keys.ts';
import {
  blobCertificateMessage,
  challengeAttestationMessage,
  parseBlobCertificate,
  parseChallengeAttestation,
  parseProofOfPossession,
  proofOfPossessionMessage,
  Verdict,
} from '../../../src/crypto/messages.ts';
import { blobIdFromBytes, compareIds, idToBytes } from '../../../src/chain/ids.ts';
import type { PtbContext } from '../../../src/chain/sui/ptb/inputs.ts';
import {
  buildOpenChallengeRound,
  buildSubmitChallengeCertificate,
} from '../../../src/chain/sui/ptb/challenge.ts';
import {
  buildEpochSyncDone,
  buildInitiateEpochChange,
  buildRegisterNode,
  buildStake,
} from '../../../src/chain/sui/ptb/staking.ts';
import {
  buildCertifyBlob,
  buildReserveAndRegisterBlob,
} from '../../../src/chain/sui/ptb/storage.ts';
import { CTX, ref, target } from './offline.ts';

interface Node {
  operator: Ed25519Keypair;
  bls: { secretKey: Uint8Array; publicKey: Uint8Array };
  /** The ID `register_node` would return (known offline by fiat). */
  nodeId: string;
  cap: ReturnType<typeof ref>;
  shards: number;
}

const seeded = (seed: number) => (n: number) => new Uint8Array(n).fill(seed);

/** Builds, signs and decodes one transaction sent by `signer`. */
async function send(
  signer: Ed25519Keypair,
  gasByte: number,
  build: (tx: Transaction, ctx: PtbContext) => void,
) {
  const sender = signer.toSuiAddress();
  const tx = new Transaction();
  tx.setSender(sender);
  tx.setGasPrice(1000);
  tx.setGasBudget(50_000_000);
  tx.setGasPayment([ref(gasByte, 2)]);
  build(tx, { ...CTX, sender });
  const bytes = await tx.build();
  const { signature } = await signer.signTransaction(bytes);
  expect((await verifyTransactionSignature(bytes, signature)).toSuiAddress()).toBe(sender);
  const data = Transaction.from(bytes).getData();
  expect(data.sender).toBe(sender);
  const calls = data.commands.filter((c) => c.$kind === 'MoveCall').map((c) => c.MoveCall!);
  /** Pure bytes of argument `i` of the n-th Move call. */
  const pure = (call: number, i: number): Uint8Array => {
    const arg = calls[call].arguments[i];
    if (arg.$kind !== 'Input') throw new Error(`argument ${i} is not an input`);
    const input = data.inputs[arg.Input];
    if (input.$kind !== 'Pure') throw new Error(`argument ${i} is not pure`);
    return fromBase64(input.Pure.bytes);
  };
  const bytesArg = (call: number, i: number) =>
    Uint8Array.from(bcs.vector(bcs.u8()).parse(pure(call, i)));
  return { targets: calls.map((c) => `${c.package}::${c.module}::${c.function}`), pure, bytesArg };
}

let nodes: Node[];
let committee: CommitteeKeys;
let ordered: Node[];

beforeAll(() => {
  const shards = [4, 3, 2, 1];
  nodes = shards.map((s, i) => ({
    operator: Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(40 + i)),
    bls: generateKeyPair(seeded(90 + i)),
    // Not in ascending order, so that the bitmap order differs from registration order.
    nodeId: '0x' + ['c3', '1f', 'e8', '5a'][i].repeat(32),
    cap: ref(0xc0 + i, 3),
    shards: s,
  }));
  // Committee (bitmap) order: node IDs ascending.
  ordered = [...nodes].sort((a, b) => compareIds(a.nodeId, b.nodeId));
  expect(ordered).not.toEqual(nodes);
  committee = new CommitteeKeys(
    ordered.map((n) => n.bls.publicKey),
    ordered.map((n) => n.shards),
  );
});

/** A certificate over `message` signed by `signers`, in committee bitmap order. */
function certificate(message: Uint8Array, signers: Node[]): Certificate {
  const sigs = new Map(signers.map((n) => [ordered.indexOf(n), sign(n.bls.secretKey, message)]));
  return assembleCertificate(message, sigs, ordered.length);
}

describe('the embedded-chain scenario as offline Sui transactions', () => {
  it('runs register, stake, epoch 1, write, certify, epoch 2 + sync, challenge round', async () => {
    const staker = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(60));

    // 1. Each operator registers its node with a proof of possession for epoch 0.
    for (const [i, n] of nodes.entries()) {
      const pop = sign(
        n.bls.secretKey,
        proofOfPossessionMessage({
          epoch: 0,
          sender: n.operator.toSuiAddress(),
          publicKey: n.bls.publicKey,
        }),
      );
      const tx = await send(n.operator, 0x10 + i, (t, ctx) =>
        buildRegisterNode(t, ctx, {
          name: `node-${i}`,
          networkAddress: `127.0.0.1:${9100 + i}`,
          publicKey: n.bls.publicKey,
          proofOfPossession: pop,
          capacity: 1n << 40n,
          commissionBps: 100,
        }),
      );
      expect(tx.targets).toEqual([target('storage_node', 'register_node')]);
      expect(tx.bytesArg(0, 3)).toEqual(n.bls.publicKey);
      // What Move will check: the PoP message rebuilt from the sender and key verifies.
      const rebuilt = proofOfPossessionMessage({
        epoch: 0,
        sender: n.operator.toSuiAddress(),
        publicKey: tx.bytesArg(0, 3),
      });
      expect(parseProofOfPossession(rebuilt).sender).toBe(n.operator.toSuiAddress());
      expect(
        new CommitteeKeys([n.bls.publicKey], [1]).verifyCertificate({
          signature: tx.bytesArg(0, 4),
          signersBitmap: Uint8Array.of(1),
          message: rebuilt,
        }),
      ).toBe(1);
    }

    // 2. Stake in proportion 4:3:2:1.
    for (const [i, n] of nodes.entries()) {
      const tx = await send(staker, 0x20 + i, (t, ctx) =>
        buildStake(t, ctx, { nodeId: n.nodeId, amount: BigInt(n.shards) * 1000n }),
      );
      expect(tx.targets).toEqual([target('staking_pool', 'stake')]);
      expect(tx.pure(0, 1)).toEqual(idToBytes(n.nodeId));
    }

    // 3. Epoch 1 starts (Random and Clock by shared reference).
    expect(
      (await send(staker, 0x30, (t, ctx) => buildInitiateEpochChange(t, ctx))).targets,
    ).toEqual([target('epoch', 'initiate_epoch_change')]);

    // 4. A user reserves and registers a blob in ONE transaction, then certifies it.
    const user = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(61));
    const size = 1000n;
    const root = blobIdFromBytes(new Uint8Array(32).fill(9));
    const blobId = blobIdFromBytes(
      blake2b(
        Uint8Array.of(1, ...bcs.u64().serialize(size).toBytes(), ...new Uint8Array(32).fill(9)),
        { dkLen: 32 },
      ),
    );
    const reg = await send(user, 0x40, (t, ctx) =>
      buildReserveAndRegisterBlob(t, ctx, {
        blobId,
        rootHash: root,
        size,
        encodingType: 1,
        deletable: false,
        storageSize: 1_000_000n,
        epochsAhead: 3,
      }),
    );
    expect(reg.targets).toEqual([
      target('system', 'reserve_space'),
      target('blob_ops', 'register_blob'),
    ]);
    expect(reg.pure(1, 2)).toEqual(
      blake2b(
        Uint8Array.of(1, ...bcs.u64().serialize(size).toBytes(), ...new Uint8Array(32).fill(9)),
        { dkLen: 32 },
      ),
    );

    const blobRef = ref(0xb0, 5);
    const certMsg = blobCertificateMessage({
      epoch: 1,
      blobId,
      persistence: { kind: 'Permanent' },
    });
    const signers = ordered.filter((n) => n.shards !== 1); // weight 9 of 10: quorum
    const cert = certificate(certMsg, signers);
    const certTx = await send(user, 0x41, (t, ctx) =>
      buildCertifyBlob(t, ctx, { blob: blobRef, certificate: cert }),
    );
    expect(certTx.targets).toEqual([target('blob_ops', 'certify_blob')]);
    const onChain = {
      signature: certTx.bytesArg(0, 2),
      signersBitmap: certTx.bytesArg(0, 3),
      message: certTx.bytesArg(0, 4),
    };
    expect(committee.verifyCertificate(onChain)).toBe(9);
    expect(parseBlobCertificate(onChain.message)).toEqual({
      epoch: 1,
      blobId,
      persistence: { kind: 'Permanent' },
    });

    // 5. Epoch 2 starts; every member reports its shards.
    expect(
      (await send(staker, 0x31, (t, ctx) => buildInitiateEpochChange(t, ctx))).targets,
    ).toEqual([target('epoch', 'initiate_epoch_change')]);
    for (const [i, n] of nodes.entries()) {
      const tx = await send(n.operator, 0x50 + i, (t, ctx) =>
        buildEpochSyncDone(t, ctx, { cap: n.cap, epoch: 2 }),
      );
      expect(tx.targets).toEqual([target('epoch', 'epoch_sync_done')]);
      expect(tx.pure(0, 2)).toEqual(Uint8Array.of(2, 0, 0, 0));
    }

    // 6. A challenge round opens; each node posts a quorum certificate that it passed.
    expect((await send(staker, 0x32, (t, ctx) => buildOpenChallengeRound(t, ctx))).targets).toEqual(
      [target('challenge', 'open_challenge_round')],
    );
    for (const [i, n] of nodes.entries()) {
      const message = challengeAttestationMessage({
        epoch: 2,
        round: 0n,
        nodeId: n.nodeId,
        verdict: Verdict.passed,
      });
      const peers = nodes.filter((p) => p.shards > 1); // weight 9 of 10
      const c = certificate(message, peers);
      const tx = await send(n.operator, 0x60 + i, (t, ctx) =>
        buildSubmitChallengeCertificate(t, ctx, { cap: n.cap, round: 0n, certificate: c }),
      );
      expect(tx.targets).toEqual([target('challenge', 'submit_challenge_certificate')]);
      const posted = {
        signature: tx.bytesArg(0, 3),
        signersBitmap: tx.bytesArg(0, 4),
        message: tx.bytesArg(0, 5),
      };
      expect(committee.verifyCertificate(posted)).toBe(9);
      expect(parseChallengeAttestation(posted.message)).toMatchObject({
        epoch: 2,
        round: 0n,
        nodeId: n.nodeId,
        verdict: Verdict.passed,
      });
    }
  });
});
