/**
 * A local network's directory and its record, `DIR/localnet.json`:
 *
 * ```
 * DIR/localnet.json          this record (chain endpoint, nodes with pid, url, shards)
 * DIR/client.json            client config for `floe store/read --config`
 * DIR/operator.json          the operator account that registered and staked the nodes
 * DIR/chain/                 the embedded chain's data, chain.log
 * DIR/nodes/<name>/          config.json, protocol.key, data/, node.log, ready.json
 * ```
 * The record is rewritten atomically (temp file + rename) so a reader never sees half of it.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FloeError, InvalidInputError } from '../util/errors.ts';

export interface LocalnetNode {
  name: string;
  nodeId: string;
  capId: string;
  url: string;
  port: number;
  /** pid of the process serving this node, or null when it is not running. */
  pid: number | null;
  shards: number[];
  /** `floe node run --config <this>` restarts the node. */
  config: string;
  log: string;
}

export interface LocalnetRecord {
  version: 1;
  dir: string;
  nShards: number;
  /** pid of the `floe localnet up` process supervising this network, or null when down. */
  supervisorPid: number | null;
  chain: { url: string; port: number; pid: number | null; dir: string; log: string };
  nodes: LocalnetNode[];
  /** Client config file for `floe store/read --config`. */
  clientConfig: string;
  /** The epoch when last recorded (at `up`, and at each change the epoch driver starts). */
  epoch: number;
  /** Epoch length the supervisor drives, ms; null (or absent) = manual epochs. */
  epochDurationMs?: number | null;
}

/** `DIR` has no `localnet.json`. */
export class LocalnetNotFoundError extends FloeError {
  constructor(dir: string) {
    super('LOCALNET_NOT_FOUND', `no local network in ${dir} (run floe localnet up --dir ${dir})`);
  }
}

/** Where everything of the network in `dir` lives. */
export function localnetPaths(dir: string) {
  const root = resolve(dir);
  return {
    root,
    record: join(root, 'localnet.json'),
    clientConfig: join(root, 'client.json'),
    operator: join(root, 'operator.json'),
    chainDir: join(root, 'chain'),
    chainLog: join(root, 'chain', 'chain.log'),
    nodeDir: (name: string) => join(root, 'nodes', name),
  };
}

/** Node names: node-0 .. node-(count-1). */
export function nodeName(i: number): string {
  return `node-${i}`;
}

/**
 * Reads `DIR/localnet.json`.
 * @throws LocalnetNotFoundError if there is none; InvalidInputError if it is not a record.
 */
export async function readRecord(dir: string): Promise<LocalnetRecord> {
  const file = localnetPaths(dir).record;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new LocalnetNotFoundError(dir);
    throw err;
  }
  let record: LocalnetRecord;
  try {
    record = JSON.parse(text) as LocalnetRecord;
  } catch (err) {
    throw new InvalidInputError(`${file} is not JSON`, { code: 'INVALID_LOCALNET', cause: err });
  }
  if (
    record?.version !== 1 ||
    !Array.isArray(record.nodes) ||
    typeof record.chain?.url !== 'string'
  ) {
    throw new InvalidInputError(`${file} is not a local network record`, {
      code: 'INVALID_LOCALNET',
    });
  }
  return record;
}

/** Writes `DIR/localnet.json` atomically. */
export async function writeRecord(record: LocalnetRecord): Promise<void> {
  const file = localnetPaths(record.dir).record;
  await mkdir(record.dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(record, null, 2) + '\n');
  await rename(tmp, file);
}

/** Writes any JSON file atomically. */
export async function writeJson(file: string, value: unknown, mode?: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(
    tmp,
    JSON.stringify(value, null, 2) + '\n',
    mode === undefined ? undefined : { mode },
  );
  await rename(tmp, file);
}
