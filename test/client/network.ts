/**
 * An in-process network for client tests: the real embedded chain (in memory, in-process
 * transport) and real storage nodes listening on loopback, registered, staked and in epoch 1.
 * The end-to-end suites (test/e2e) run the same pieces as separate processes.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedChain } from '../../src/chain/embedded/chain.ts';
import { EmbeddedChainClient } from '../../src/chain/embedded/client.ts';
import { LocalTransport } from '../../src/chain/embedded/transport.ts';
import { generateKeyPair, sign } from '../../src/crypto/bls.ts';
import { proofOfPossessionMessage } from '../../src/crypto/messages.ts';
import { FloeClient, type FloeClientOptions } from '../../src/client/client.ts';
import { localParams } from '../../src/chain/embedded/run.ts';
import { freePort } from '../../src/localnet/processes.ts';
import { parseNodeConfig } from '../../src/node/config.ts';
import { StorageNode } from '../../src/node/node.ts';
import { silentLogger } from '../../src/util/log.ts';

const rand = (n: number) => new Uint8Array(randomBytes(n));
const address = () => '0x' + randomBytes(32).toString('hex');

export interface TestNetwork {
  chain: EmbeddedChain;
  operator: EmbeddedChainClient;
  nodes: StorageNode[];
  client(opts?: Partial<FloeClientOptions>): FloeClient;
  userChain: EmbeddedChainClient;
  close(): Promise<void>;
}

/** Starts `nNodes` nodes over `nShards` shards; `clock` drives the chain's time (epoch changes). */
export async function startTestNetwork(
  nNodes: number,
  nShards: number,
  clock?: () => bigint,
): Promise<TestNetwork> {
  const dir = await mkdtemp(join(tmpdir(), 'floe-client-'));
  const chain = EmbeddedChain.open({
    params: localParams(nShards, { epochDurationMs: 24n * 3600n * 1000n, rotationBps: 0 }),
    admin: address(),
    ...(clock ? { clock } : {}),
  });
  const transport = new LocalTransport(chain);
  const operator = new EmbeddedChainClient(transport, address());
  const user = new EmbeddedChainClient(transport, address());
  await operator.mint({ to: operator.sender, amount: 10n ** 15n });
  await operator.mint({ to: user.sender, amount: 10n ** 18n });
  const planned = [];
  for (let i = 0; i < nNodes; i++) {
    const port = await freePort();
    const keys = generateKeyPair(rand);
    const pop = sign(
      keys.secretKey,
      proofOfPossessionMessage({ epoch: 0, sender: operator.sender, publicKey: keys.publicKey }),
    );
    const { nodeId } = await operator.registerNode({
      name: `node-${i}`,
      networkAddress: `http://127.0.0.1:${port}`,
      publicKey: keys.publicKey,
      proofOfPossession: pop,
      capacity: 1n << 40n,
      commissionBps: 0,
    });
    await operator.stake({ nodeId, amount: 1_000_000_000n });
    planned.push({ i, port, keys, nodeId });
  }
  await operator.initiateEpochChange();
  const nodes = await Promise.all(
    planned.map(({ i, port, keys, nodeId }) =>
      StorageNode.start({
        config: parseNodeConfig({
          name: `node-${i}`,
          nodeId,
          storagePath: join(dir, `node-${i}`),
          protocolKeyFile: join(dir, `node-${i}.key`),
          listen: { host: '127.0.0.1', port },
          chain: { kind: 'http', url: 'http://in-process', pollIntervalMs: 50 },
          limits: { maxBodyBytes: 64 * 1024 * 1024 },
        }),
        chain: operator,
        secretKey: keys.secretKey,
        log: silentLogger,
      }),
    ),
  );
  return {
    chain,
    operator,
    nodes,
    userChain: user,
    client: (opts = {}) =>
      new FloeClient({ chain: user, fetch: globalThis.fetch, confirmationGraceMs: 50, ...opts }),
    async close() {
      await Promise.all(nodes.map((n) => n.close()));
      chain.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
