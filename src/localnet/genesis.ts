/**
 * First start of a local network: one BLS key per node (kept in the node's directory), each node
 * registered with its proof of possession and staked by the operator account, then the change to
 * epoch 1 that makes them the committee. Runs once per directory; later starts resume.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChainClient } from '../chain/types.ts';
import { generateKeyPair, zeroize } from '../crypto/bls.ts';
import { writeProtocolKey } from '../operator/protocol-key.ts';
import { registerStorageNode } from '../operator/register-node.ts';
import { sendStake } from '../operator/staking.ts';
import type { Logger } from '../util/log.ts';
import { readJsonFile } from './files.ts';
import { localnetPaths, nodeName, writeJson } from './state.ts';

export interface PlannedNode {
  name: string;
  port: number;
  url: string;
  dir: string;
  config: string;
  keyFile: string;
  log: string;
  readyFile: string;
}

export interface RegisteredNode extends PlannedNode {
  nodeId: string;
  capId: string;
}

/** Stake per node (MIST); equal stakes give each node an equal share of the shards. */
export const NODE_STAKE = 1_000_000_000n;
/** Capacity each node declares (bytes). */
export const NODE_CAPACITY = 1n << 40n;

/** Names, ports, URLs and files of `count` nodes in `dir`. */
export function planNodes(dir: string, ports: number[]): PlannedNode[] {
  const paths = localnetPaths(dir);
  return ports.map((port, i) => {
    const name = nodeName(i);
    const nodeDir = paths.nodeDir(name);
    return {
      name,
      port,
      url: `http://127.0.0.1:${port}`,
      dir: nodeDir,
      config: join(nodeDir, 'config.json'),
      keyFile: join(nodeDir, 'protocol.key'),
      log: join(nodeDir, 'node.log'),
      readyFile: join(nodeDir, 'ready.json'),
    };
  });
}

/**
 * Generates each node's key, registers and stakes it through `chain` (the operator), writes its
 * config file, and starts epoch 1.
 */
export async function registerNetwork(
  chain: ChainClient,
  planned: PlannedNode[],
  chainUrl: string,
  randomBytes: (n: number) => Uint8Array,
  log: Logger,
): Promise<RegisteredNode[]> {
  const out: RegisteredNode[] = [];
  for (const node of planned) {
    await mkdir(node.dir, { recursive: true });
    const { secretKey } = generateKeyPair(randomBytes);
    try {
      await writeProtocolKey(node.keyFile, secretKey);
      const { nodeId, capId } = await registerStorageNode(chain, secretKey, {
        name: node.name,
        networkAddress: node.url,
        capacity: NODE_CAPACITY,
        commissionBps: 0,
      });
      await sendStake(chain, nodeId, NODE_STAKE);
      await writeJson(node.config, nodeConfig(node, { nodeId, capId }, chainUrl, chain.sender));
      out.push({ ...node, nodeId, capId });
      log.debug({ node: node.name, nodeId }, 'node registered and staked');
    } finally {
      zeroize(secretKey);
    }
  }
  await chain.initiateEpochChange();
  return out;
}

/**
 * The node's config file (src/node/config.ts format); paths relative to the node's directory.
 * With the cap and its owner (the operator), the node reports `epoch_sync_done` itself, which
 * every epoch change after the first waits for.
 */
export function nodeConfig(
  node: PlannedNode,
  ids: { nodeId: string; capId: string },
  chainUrl: string,
  operator: string,
): Record<string, unknown> {
  return {
    name: node.name,
    nodeId: ids.nodeId,
    capId: ids.capId,
    storagePath: 'data',
    protocolKeyFile: 'protocol.key',
    listen: { host: '127.0.0.1', port: node.port },
    chain: { kind: 'http', url: chainUrl, pollIntervalMs: 100, sender: operator },
    limits: { maxBodyBytes: 256 * 1024 * 1024 },
    logLevel: 'info',
    readyFile: 'ready.json',
  };
}

/**
 * Turns the node's opening of challenge rounds (`challenges.openRounds`) on or off in its config
 * file; other fields, including the user's edits, stay as they are. No write when already so.
 */
export async function setOpenRounds(node: PlannedNode, on: boolean): Promise<void> {
  const config = await readJsonFile<
    Record<string, unknown> & { challenges?: Record<string, unknown> }
  >(node.config);
  if ((config.challenges?.openRounds ?? false) === on) return;
  await writeJson(node.config, { ...config, challenges: { ...config.challenges, openRounds: on } });
}

/**
 * Adds the cap and the operator to a node config written before nodes reported
 * `epoch_sync_done` (a network created by an older `floe localnet up`); other fields, including
 * the user's edits, stay as they are.
 */
export async function addSyncReporting(node: RegisteredNode, operator: string): Promise<void> {
  const config = await readJsonFile<Record<string, unknown> & { chain?: Record<string, unknown> }>(
    node.config,
  );
  if (typeof config.capId === 'string' && typeof config.chain?.sender === 'string') return;
  await writeJson(node.config, {
    ...config,
    capId: node.capId,
    chain: { ...config.chain, sender: operator },
  });
}
