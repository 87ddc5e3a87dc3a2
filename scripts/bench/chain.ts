/**
 * `npm run bench:chain`: what a transaction of the embedded chain costs, against references
 * measured in the same run:
 * - certify_blob (real aggregate BLS check of a 2/3 certificate) vs one bare aggregate verify;
 * - the same over loopback HTTP vs in process;
 * - a transaction without crypto on a large state (clone + log + fsync) vs on an empty state.
 * Medians of several runs after a warm-up. Figures depend on the machine and its load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blake2b } from '@noble/hashes/blake2.js';
import { aggregatePublicKeys, generateKeyPair, sign, verify } from '../../src/crypto/bls.ts';
import { assembleCertificate } from '../../src/crypto/certificate.ts';
import { blobCertificateMessage, proofOfPossessionMessage } from '../../src/crypto/messages.ts';
import { idFromBytes } from '../../src/chain/ids.ts';
import { EmbeddedChain } from '../../src/chain/embedded/chain.ts';
import {
  connectChain,
  localChainClient,
  localParams,
  runChainServer,
} from '../../src/chain/embedded/run.ts';
import { deriveBlobId, encodedSize } from '../../src/chain/embedded/storage-resource.ts';
import type { EmbeddedChainClient } from '../../src/chain/embedded/client.ts';
import { silentLogger } from '../../src/util/log.ts';

const NODES = 20;
const SHARDS = 100;
const RUNS = 7;
const addr = (tag: string) => idFromBytes(blake2b(new TextEncoder().encode(tag), { dkLen: 32 }));
const ADMIN = addr('admin');

async function median(runs: number, f: () => Promise<unknown> | unknown): Promise<number> {
  await f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function setup(client: EmbeddedChainClient) {
  let seed = 1;
  const rnd = (n: number) => blake2b(Uint8Array.of(seed++, seed >> 8), { dkLen: n });
  const nodes = [];
  for (let i = 0; i < NODES; i++) {
    const op = client.as(addr(`op${i}`));
    await client.mint({ to: op.sender, amount: 1n << 40n });
    const keys = generateKeyPair(rnd);
    const pop = sign(
      keys.secretKey,
      proofOfPossessionMessage({ epoch: 0, sender: op.sender, publicKey: keys.publicKey }),
    );
    const r = await op.registerNode({
      name: `n${i}`,
      networkAddress: 'x',
      publicKey: keys.publicKey,
      proofOfPossession: pop,
      capacity: 1n << 40n,
      commissionBps: 0,
    });
    await op.stake({ nodeId: r.nodeId, amount: 10_000n });
    nodes.push({ ...r, keys });
  }
  await client.initiateEpochChange();
  await client.mint({ to: ADMIN, amount: 1n << 50n });
  return nodes;
}

let blobCounter = 0;
async function newBlob(client: EmbeddedChainClient) {
  const root = BigInt(++blobCounter) << 8n;
  const blobId = deriveBlobId(1, 1000n, root);
  const r = await client.reserveAndRegisterBlob({
    blobId,
    rootHash: root,
    size: 1000n,
    encodingType: 1,
    deletable: false,
    storageSize: encodedSize(1000n, SHARDS),
    epochsAhead: 2,
  });
  return { blobId, objectId: r.blobObjectId };
}

const dir = mkdtempSync(join(tmpdir(), 'floe-bench-chain-'));
try {
  const chain = EmbeddedChain.open({
    dir: join(dir, 'a'),
    params: localParams(SHARDS),
    admin: ADMIN,
  });
  const client = localChainClient(chain, ADMIN);
  const nodes = await setup(client);
  const committee = (await client.getCommittee())!;
  const signerCount = Math.ceil((NODES * 2) / 3) + 1;

  const certFor = (blobId: bigint) => {
    const msg = blobCertificateMessage({ epoch: 1, blobId, persistence: { kind: 'Permanent' } });
    const sigs = new Map<number, Uint8Array>();
    committee.members.slice(0, signerCount).forEach((m, i) => {
      sigs.set(i, sign(nodes.find((n) => n.nodeId === m.nodeId)!.keys.secretKey, msg));
    });
    return assembleCertificate(msg, sigs, committee.members.length);
  };

  // Reference: one aggregate verify with the aggregate key from decoded points.
  const probe = await newBlob(client);
  const probeCert = certFor(probe.blobId);
  const keys = committee.members.slice(0, signerCount).map((m) => m.publicKey);
  const aggKey = aggregatePublicKeys(keys);
  const refVerify = await median(RUNS, () =>
    verify(probeCert.signature, probeCert.message, aggKey),
  );

  const prepare = async (c: EmbeddedChainClient, n: number) => {
    const out = [];
    for (let i = 0; i < n; i++) {
      const b = await newBlob(c);
      out.push({ ...b, cert: certFor(b.blobId) });
    }
    return out;
  };
  const local = await prepare(client, RUNS + 1);
  const certLocal = await median(RUNS, () => {
    const b = local.pop()!;
    return client.certifyBlob({ blobObjectId: b.objectId, certificate: b.cert });
  });

  const running = await runChainServer({
    dir: join(dir, 'b'),
    port: 0,
    params: localParams(SHARDS),
    admin: ADMIN,
    log: silentLogger,
  });
  const http = connectChain({ baseUrl: running.url, sender: ADMIN });
  const nodesHttp = await setup(http);
  // The HTTP chain has its own committee; certificates are made against it before timing.
  const committeeHttp = (await http.getCommittee())!;
  const remote: (Awaited<ReturnType<typeof newBlob>> & {
    cert: ReturnType<typeof assembleCertificate>;
  })[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const b = await newBlob(http);
    const msg = blobCertificateMessage({
      epoch: 1,
      blobId: b.blobId,
      persistence: { kind: 'Permanent' },
    });
    const sigs = new Map<number, Uint8Array>();
    committeeHttp.members.slice(0, signerCount).forEach((m, j) => {
      sigs.set(j, sign(nodesHttp.find((n) => n.nodeId === m.nodeId)!.keys.secretKey, msg));
    });
    remote.push({ ...b, cert: assembleCertificate(msg, sigs, committeeHttp.members.length) });
  }
  const certHttp = await median(RUNS, () => {
    const b = remote.pop()!;
    return http.certifyBlob({ blobObjectId: b.objectId, certificate: b.cert });
  });
  const mintHttp = await median(RUNS, () => http.mint({ to: ADMIN, amount: 1n }));
  await running.close();

  const mintSmall = await median(RUNS, () => client.mint({ to: ADMIN, amount: 1n }));
  for (let i = 0; i < 2000; i++) await newBlob(client);
  const mintLarge = await median(RUNS, () => client.mint({ to: ADMIN, amount: 1n }));
  chain.close();

  const f = (ms: number) => `${ms.toFixed(2)} ms`;
  console.log(
    `embedded chain, ${NODES} nodes, ${SHARDS} shards, ${signerCount} signers, median of ${RUNS} (shared machine)`,
  );
  console.log(`bare aggregate BLS verify (reference)      ${f(refVerify)}`);
  console.log(
    `certify_blob in process                    ${f(certLocal)}  = ${(certLocal / refVerify).toFixed(2)}x the bare verify`,
  );
  console.log(
    `certify_blob over loopback HTTP            ${f(certHttp)}  = ${(certHttp / certLocal).toFixed(2)}x in process`,
  );
  console.log(`mint, empty state, in process              ${f(mintSmall)}`);
  console.log(
    `mint, +2000 blobs, in process              ${f(mintLarge)}  = ${(mintLarge / mintSmall).toFixed(2)}x the empty state`,
  );
  console.log(
    `mint over loopback HTTP                    ${f(mintHttp)}  = ${(mintHttp / mintSmall).toFixed(2)}x in process`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
