/**
 * Integration suite against a real Sui localnet. Runs only where the `sui` CLI is on PATH: it
 * starts `sui start --with-faucet --force-regenesis` (or uses FLOE_SUI_RPC / FLOE_SUI_FAUCET when
 * a localnet already runs), publishes the package, and drives SuiChainClient through registration,
 * staking, the first epoch, a write with a real certificate, a forged certificate (Move abort
 * mapped to MoveAbortError) and the event watcher. Elsewhere it reports itself skipped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, sign } from '../../../src/crypto/bls.ts';
import { assembleCertificate } from '../../../src/crypto/certificate.ts';
import { blobCertificateMessage, proofOfPossessionMessage } from '../../../src/crypto/messages.ts';
import { MoveAbortError } from '../../../src/chain/errors.ts';
import type { ChainEventEnvelope } from '../../../src/chain/events.ts';
import { blobIdFromBytes } from '../../../src/chain/ids.ts';
import { SuiChainClient } from '../../../src/chain/sui/client.ts';
import type { SuiDeployment } from '../../../src/chain/sui/deployment.ts';
import {
  buildPackageBytecode,
  defaultSystemParams,
  publishFloe,
  suiCliVersion,
} from '../../../src/chain/sui/publish.ts';
import { silentLogger } from '../../../src/util/log.ts';
import { fundFromFaucet } from '../../../scripts/sui/common.ts';
import { deriveBlobId, encodedSize } from '../../../src/chain/embedded/storage-resource.ts';

const SUI = suiCliVersion();
if (SUI === null) {
  process.stderr.write(
    '[floe] Sui localnet integration suite SKIPPED: the `sui` CLI is not on PATH\n',
  );
}

const RPC = process.env.FLOE_SUI_RPC ?? 'http://127.0.0.1:9000';
const FAUCET = process.env.FLOE_SUI_FAUCET ?? 'http://127.0.0.1:9123';

async function waitForNode(client: SuiGrpcClient, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await client.core.getReferenceGasPrice();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

describe.skipIf(SUI === null)(`Sui localnet (${SUI ?? 'sui missing'})`, () => {
  let localnet: ChildProcess | undefined;
  let grpc: SuiGrpcClient;
  let deployment: SuiDeployment;
  const admin = Ed25519Keypair.generate();

  beforeAll(async () => {
    grpc = new SuiGrpcClient({ network: 'localnet', baseUrl: RPC });
    if (process.env.FLOE_SUI_RPC === undefined) {
      localnet = spawn('sui', ['start', '--with-faucet', '--force-regenesis'], {
        env: { ...process.env, RUST_LOG: 'off,sui_node=info' },
        stdio: 'ignore',
      });
    }
    await waitForNode(grpc, 90_000);
    await fundFromFaucet(FAUCET, admin.toSuiAddress());
    deployment = await publishFloe({
      client: grpc,
      signer: admin,
      network: 'localnet',
      rpcUrl: RPC,
      source: { bytecode: buildPackageBytecode('move') },
      params: { ...defaultSystemParams(), nShards: 10, epochDurationMs: 1n, minStake: 1_000n },
      logger: silentLogger,
      faucetUrl: FAUCET,
    });
  }, 180_000);

  afterAll(() => {
    localnet?.kill('SIGINT');
  });

  it('registers, stakes, starts epoch 1, writes and certifies a blob; bad certificates and IDs abort with their Move codes', async () => {
    const chain = new SuiChainClient({
      deployment,
      signer: admin,
      logger: silentLogger,
      client: grpc,
    });
    const seen: ChainEventEnvelope[] = [];
    const unwatch = chain.watchEvents({ onEvent: (e) => void seen.push(e), pollIntervalMs: 200 });

    const nodes = [];
    for (let i = 0; i < 4; i++) {
      const operator = Ed25519Keypair.generate();
      await fundFromFaucet(FAUCET, operator.toSuiAddress());
      const bls = generateKeyPair((n) => crypto.getRandomValues(new Uint8Array(n)));
      const client = new SuiChainClient({
        deployment,
        signer: operator,
        logger: silentLogger,
        client: grpc,
      });
      const pop = sign(
        bls.secretKey,
        proofOfPossessionMessage({
          epoch: 0,
          sender: operator.toSuiAddress(),
          publicKey: bls.publicKey,
        }),
      );
      const reg = await client.registerNode({
        name: `n${i}`,
        networkAddress: `127.0.0.1:${9200 + i}`,
        publicKey: bls.publicKey,
        proofOfPossession: pop,
        capacity: 1n << 40n,
        commissionBps: 0,
      });
      expect((await client.getNodeCap(reg.capId))?.nodeId).toBe(reg.nodeId);
      await chain.stake({ nodeId: reg.nodeId, amount: BigInt(4 - i) * 1_000_000n });
      nodes.push({ ...reg, bls, client });
    }
    expect((await chain.listNodes()).length).toBe(4);

    const start = await chain.initiateEpochChange();
    expect(start.events.map((e) => e.event.type)).toEqual([
      'EpochChangeStart',
      'CommitteeSelected',
      'EpochChangeDone',
    ]);
    const committee = (await chain.getCommittee())!;
    expect(committee.epoch).toBe(1);

    const root = blobIdFromBytes(new Uint8Array(32).fill(5));
    const size = 4096n;
    const blobId = deriveBlobId(1, size, root);
    const reg = await chain.reserveAndRegisterBlob({
      blobId,
      rootHash: root,
      size,
      encodingType: 1,
      deletable: false,
      storageSize: encodedSize(size, 10),
      epochsAhead: 2,
    });
    const message = blobCertificateMessage({
      epoch: 1,
      blobId,
      persistence: { kind: 'Permanent' },
    });
    const index = (id: string) => committee.members.findIndex((m) => m.nodeId === id);
    const cert = assembleCertificate(
      message,
      new Map(nodes.map((n) => [index(n.nodeId), sign(n.bls.secretKey, message)])),
      committee.members.length,
    );

    // Bad input: each aborts with the Move code, and the blob stays uncertified.
    const abortOf = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(MoveAbortError);
      return `${(e as MoveAbortError).module}::${(e as MoveAbortError).constantName}`;
    };
    const certifyWith = (c: typeof cert) =>
      chain.certifyBlob({ blobObjectId: reg.blobObjectId, certificate: c });
    expect(
      await abortOf(certifyWith({ ...cert, signature: sign(nodes[0].bls.secretKey, message) })),
    ).toBe('bls_aggregate::EInvalidSignature');
    expect(
      await abortOf(
        certifyWith({ ...cert, signersBitmap: Uint8Array.of(cert.signersBitmap[0] | 0b1_0000) }),
      ),
    ).toBe('bls_aggregate::EInvalidBitmap');
    const wrongEpoch = blobCertificateMessage({
      epoch: 2,
      blobId,
      persistence: { kind: 'Permanent' },
    });
    const wrongEpochCert = assembleCertificate(
      wrongEpoch,
      new Map(nodes.map((n) => [index(n.nodeId), sign(n.bls.secretKey, wrongEpoch)])),
      committee.members.length,
    );
    expect(await abortOf(certifyWith(wrongEpochCert))).toBe('messages::EWrongEpoch');
    expect((await chain.getBlob(reg.blobObjectId))?.certifiedEpoch).toBeNull();
    expect(
      await abortOf(
        chain.reserveAndRegisterBlob({
          blobId: blobId + 1n,
          rootHash: root,
          size,
          encodingType: 1,
          deletable: false,
          storageSize: encodedSize(size, 10),
          epochsAhead: 2,
        }),
      ),
    ).toBe('blob_ops::EInvalidBlobId');

    const ok = await certifyWith(cert);
    expect(ok.events[0].event.type).toBe('BlobCertified');
    expect((await chain.getBlob(reg.blobObjectId))?.certifiedEpoch).toBe(1);
    expect(await abortOf(certifyWith(cert))).toBe('blob_ops::EAlreadyCertified');

    for (let i = 0; i < 100 && !seen.some((e) => e.event.type === 'BlobCertified'); i++)
      await new Promise((r) => setTimeout(r, 200));
    unwatch();
    const types = seen.map((e) => e.event.type);
    expect(types.filter((t) => t === 'NodeRegistered')).toHaveLength(4);
    expect(types.indexOf('EpochChangeStart')).toBeLessThan(types.indexOf('BlobRegistered'));
    expect(types.at(-1)).toBe('BlobCertified');
  }, 120_000);
});
