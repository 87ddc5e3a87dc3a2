/**
 * The storage node's configuration file: one JSON object, read by `floe node run --config FILE`.
 *
 * ```json
 * {
 *   "name": "node-0",
 *   "nodeId": "0x…64 hex…",              // the node's ID on chain (its staking pool ID)
 *   "storagePath": "/var/lib/floe/node-0", // lmdb environment directory (created if missing)
 *   "protocolKeyFile": "/etc/floe/node-0.bls", // 32-byte BLS12-381 secret key as hex (64 chars)
 *   "listen": { "host": "127.0.0.1", "port": 9100 }, // port 0 = any free port
 *   "chain": { "kind": "http", "url": "http://127.0.0.1:9000", "pollIntervalMs": 200,
 *              "sender": "0x…" },           // optional: the operator address that owns capId
 *   "capId": "0x…",                        // optional: the node's StorageNodeCap; with it (and
 *                                          // chain.sender) the node reports epoch_sync_done
 *   "limits": { "maxBodyBytes": 16777216, "preRegistrationBufferBytes": 67108864,
 *               "preRegistrationBufferEntries": 4096 },
 *   "recovery": { "concurrency": 4, "initialBackoffMs": 200, "maxBackoffMs": 30000 },
 *   "metadata": "full",                   // or "compact" (PROTOCOL.md section 8)
 *   "challenges": { "openRounds": false }, // true: open challenge rounds when due (needs capId
 *                                          // and a sender; any node may, the chain decides)
 *   "logLevel": "info",
 *   "readyFile": "/tmp/node-0.ready"      // optional: JSON { url, pid } written once listening
 * }
 * ```
 * Relative paths are resolved against the directory of the config file. Only `nodeId`,
 * `storagePath`, `protocolKeyFile` and `chain` are required; everything else has the defaults
 * shown above (`listen.port` defaults to 0).
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { readConfigText } from '../util/config-file.ts';
import { InvalidInputError } from '../util/errors.ts';

/** How the node reaches the chain. */
export type NodeChainConfig =
  /** The embedded chain served over loopback HTTP (src/chain/embedded). */
  | { kind: 'http'; url: string; pollIntervalMs: number; sender?: string }
  /** Sui full node JSON-RPC / gRPC with the Floe package (src/chain/sui). */
  | {
      kind: 'sui';
      url: string;
      packageId: string;
      systemObjectId: string;
      pollIntervalMs: number;
      sender?: string;
    };

export interface NodeConfig {
  name: string;
  /** 0x-prefixed 64-hex-digit node ID (the staking pool ID, a committee member). */
  nodeId: string;
  storagePath: string;
  protocolKeyFile: string;
  listen: { host: string; port: number };
  chain: NodeChainConfig;
  limits: {
    /** Largest request body accepted (a sliver of the largest blob must fit). */
    maxBodyBytes: number;
    /** Bytes of metadata and slivers held for blobs whose registration is not yet seen. */
    preRegistrationBufferBytes: number;
    /** Entries held in that buffer. */
    preRegistrationBufferEntries: number;
  };
  recovery: { concurrency: number; initialBackoffMs: number; maxBackoffMs: number };
  metadata: 'full' | 'compact';
  logLevel: string;
  readyFile?: string;
  /** The node's `StorageNodeCap` object ID; needed to report `epoch_sync_done`. */
  capId?: string;
  /** Challenge rounds: open them when due (src/node/challenge/opener.ts). */
  challenges: { openRounds: boolean };
}

export const DEFAULT_LIMITS: NodeConfig['limits'] = {
  maxBodyBytes: 16 * 1024 * 1024,
  preRegistrationBufferBytes: 64 * 1024 * 1024,
  preRegistrationBufferEntries: 4096,
};
export const DEFAULT_RECOVERY: NodeConfig['recovery'] = {
  concurrency: 4,
  initialBackoffMs: 200,
  maxBackoffMs: 30_000,
};

const HEX_ID = /^0x[0-9a-fA-F]{64}$/;

function fail(field: string, why: string): never {
  throw new InvalidInputError(`node config: ${field} ${why}`, { code: 'INVALID_NODE_CONFIG' });
}

function str(
  obj: Record<string, unknown>,
  field: string,
  prefix: string,
  fallback?: string,
): string {
  const v = obj[field];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'string' || v.length === 0) fail(prefix + field, 'must be a non-empty string');
  return v;
}

function int(
  obj: Record<string, unknown>,
  field: string,
  prefix: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const v = obj[field] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(prefix + field, `must be an integer in ${min}..${max}`);
  }
  return v;
}

function record(v: unknown, field: string): Record<string, unknown> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(field, 'must be an object');
  return v as Record<string, unknown>;
}

/**
 * Checks a parsed config object and fills in defaults; relative paths resolve against `baseDir`.
 * @throws InvalidInputError (code INVALID_NODE_CONFIG) naming the first bad field.
 */
export function parseNodeConfig(raw: unknown, baseDir: string = process.cwd()): NodeConfig {
  const obj = record(raw, 'config');
  const nodeId = str(obj, 'nodeId', '');
  if (!HEX_ID.test(nodeId)) fail('nodeId', 'must be 0x followed by 64 hex digits');
  const path = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));

  const listenRaw = record(obj.listen, 'listen');
  const chainRaw = record(obj.chain, 'chain');
  const kind = str(chainRaw, 'kind', 'chain.', 'http');
  const url = str(chainRaw, 'url', 'chain.');
  const pollIntervalMs = int(chainRaw, 'pollIntervalMs', 'chain.', 200, 1, 600_000);
  let chain: NodeChainConfig;
  const sender = chainRaw.sender === undefined ? undefined : str(chainRaw, 'sender', 'chain.');
  if (sender !== undefined && !HEX_ID.test(sender))
    fail('chain.sender', 'must be 0x followed by 64 hex digits');
  const senderField = sender === undefined ? {} : { sender: sender.toLowerCase() };
  if (kind === 'http') chain = { kind, url, pollIntervalMs, ...senderField };
  else if (kind === 'sui') {
    chain = {
      kind,
      url,
      packageId: str(chainRaw, 'packageId', 'chain.'),
      systemObjectId: str(chainRaw, 'systemObjectId', 'chain.'),
      pollIntervalMs,
      ...senderField,
    };
  } else fail('chain.kind', 'must be "http" or "sui"');

  const limitsRaw = record(obj.limits, 'limits');
  const recoveryRaw = record(obj.recovery, 'recovery');
  const metadata = obj.metadata ?? 'full';
  if (metadata !== 'full' && metadata !== 'compact')
    fail('metadata', 'must be "full" or "compact"');
  const readyFile = obj.readyFile === undefined ? undefined : path(str(obj, 'readyFile', ''));
  const capId = obj.capId === undefined ? undefined : str(obj, 'capId', '');
  if (capId !== undefined && !HEX_ID.test(capId))
    fail('capId', 'must be 0x followed by 64 hex digits');
  const openRounds = record(obj.challenges, 'challenges').openRounds ?? false;
  if (typeof openRounds !== 'boolean') fail('challenges.openRounds', 'must be true or false');

  return {
    name: str(obj, 'name', '', nodeId.slice(0, 10)),
    nodeId: nodeId.toLowerCase(),
    storagePath: path(str(obj, 'storagePath', '')),
    protocolKeyFile: path(str(obj, 'protocolKeyFile', '')),
    listen: {
      host: str(listenRaw, 'host', 'listen.', '127.0.0.1'),
      port: int(listenRaw, 'port', 'listen.', 0, 0, 65535),
    },
    chain,
    limits: {
      maxBodyBytes: int(
        limitsRaw,
        'maxBodyBytes',
        'limits.',
        DEFAULT_LIMITS.maxBodyBytes,
        1024,
        2 ** 31,
      ),
      preRegistrationBufferBytes: int(
        limitsRaw,
        'preRegistrationBufferBytes',
        'limits.',
        DEFAULT_LIMITS.preRegistrationBufferBytes,
        0,
        2 ** 40,
      ),
      preRegistrationBufferEntries: int(
        limitsRaw,
        'preRegistrationBufferEntries',
        'limits.',
        DEFAULT_LIMITS.preRegistrationBufferEntries,
        0,
        1_000_000,
      ),
    },
    recovery: {
      concurrency: int(
        recoveryRaw,
        'concurrency',
        'recovery.',
        DEFAULT_RECOVERY.concurrency,
        1,
        256,
      ),
      initialBackoffMs: int(
        recoveryRaw,
        'initialBackoffMs',
        'recovery.',
        DEFAULT_RECOVERY.initialBackoffMs,
        1,
        3_600_000,
      ),
      maxBackoffMs: int(
        recoveryRaw,
        'maxBackoffMs',
        'recovery.',
        DEFAULT_RECOVERY.maxBackoffMs,
        1,
        86_400_000,
      ),
    },
    metadata,
    logLevel: str(obj, 'logLevel', '', 'info'),
    ...(readyFile === undefined ? {} : { readyFile }),
    ...(capId === undefined ? {} : { capId: capId.toLowerCase() }),
    challenges: { openRounds },
  };
}

/**
 * Reads and checks a config file.
 * @throws InvalidInputError (NODE_CONFIG_NOT_FOUND) if it does not exist, (INVALID_NODE_CONFIG) if
 *   it is not JSON or a field is bad; other fs errors as they are.
 */
export async function loadNodeConfig(file: string): Promise<NodeConfig> {
  const text = await readConfigText(file, 'node', 'NODE_CONFIG_NOT_FOUND');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InvalidInputError(`node config ${file} is not JSON`, {
      code: 'INVALID_NODE_CONFIG',
      cause: err,
    });
  }
  return parseNodeConfig(raw, dirname(resolve(file)));
}

/**
 * Reads the node's BLS secret key file: 64 hex digits (optional 0x, surrounding whitespace ok).
 * @throws InvalidInputError (code INVALID_PROTOCOL_KEY) if it is not 32 bytes of hex.
 */
export async function readProtocolKey(file: string): Promise<Uint8Array> {
  const text = (await readFile(file, 'utf8')).trim().replace(/^0x/, '');
  if (!/^[0-9a-fA-F]{64}$/.test(text)) {
    throw new InvalidInputError(`protocol key file ${file} must hold 64 hex digits`, {
      code: 'INVALID_PROTOCOL_KEY',
    });
  }
  return new Uint8Array(Buffer.from(text, 'hex'));
}
