/**
 * `floe node register --config FILE`: registers the node a config file describes (the format of
 * src/node/config.ts, before it has a `nodeId`), on the chain the config names, and writes the
 * new node and cap IDs (and the operator address) back into the file, so that `floe node run`
 * with the same file serves as that node and reports `epoch_sync_done` with its cap.
 *
 * The BLS key comes from `protocolKeyFile`, or is generated there (mode 0600) when the file does
 * not exist. The config is updated before the optional stake is sent: a failed stake leaves a
 * registered node that the config already knows.
 */
import { rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { InsufficientFundsError } from '../chain/errors.ts';
import type { ChainClient } from '../chain/types.ts';
import { parseNodeConfig, type NodeConfig } from '../node/config.ts';
import { readConfigText } from '../util/config-file.ts';
import { InvalidInputError } from '../util/errors.ts';
import type { Logger } from '../util/log.ts';
import { loadOrCreateProtocolKey } from './protocol-key.ts';
import {
  NodeAlreadyRegisteredError,
  OperatorFundsError,
  registerStorageNode,
} from './register-node.ts';
import { StakeFundsError } from './staking-errors.ts';
import { sendStake } from './staking.ts';

/** Stands in for the node ID while the config is checked before registration. */
const NO_NODE_ID = '0x' + '0'.repeat(64);

export interface RegisterFromConfigOptions {
  configFile: string;
  /** The chain to register on, sending as the operator; given the checked config. */
  connect: (config: NodeConfig) => Promise<ChainClient>;
  /** Bytes the node offers. */
  capacity: bigint;
  /** Commission on stakers' rewards, basis points. Default 0. */
  commissionBps?: number;
  /** Stake (MIST) the operator puts with the new node; none when absent. */
  stake?: bigint;
  /** The node's public URL; default `http://<listen.host>:<listen.port>`. */
  url?: string;
  randomBytes: (n: number) => Uint8Array;
  log: Logger;
}

export interface RegisteredFromConfig {
  configFile: string;
  name: string;
  nodeId: string;
  capId: string;
  operator: string;
  networkAddress: string;
  /** The BLS public key, hex. */
  publicKey: string;
  keyCreated: boolean;
  stakedId: string | null;
}

/**
 * Registers the node of `opts.configFile` and records it in the file.
 * @throws InvalidInputError (NODE_CONFIG_NOT_FOUND) when the file does not exist, (INVALID_NODE_CONFIG)
 *   for a bad config or no derivable URL;
 *   NodeAlreadyRegisteredError when the config's nodeId exists on chain; KeyAlreadyRegisteredError;
 *   OperatorFundsError; chain errors as thrown.
 */
export async function registerNodeFromConfig(
  opts: RegisterFromConfigOptions,
): Promise<RegisteredFromConfig> {
  const file = resolve(opts.configFile);
  const raw = await readConfigObject(file);
  const config = parseNodeConfig({ nodeId: NO_NODE_ID, ...raw }, dirname(file));
  const networkAddress = opts.url ?? urlOf(config);
  const chain = await opts.connect(config);
  const log = opts.log.child({ node: config.name, operator: chain.sender });
  if (raw.nodeId !== undefined && (await chain.getNode(config.nodeId)) !== null)
    throw new NodeAlreadyRegisteredError(config.nodeId);

  const { secretKey, created } = await loadOrCreateProtocolKey(
    config.protocolKeyFile,
    opts.randomBytes,
  );
  let ids;
  try {
    ids = await registerStorageNode(chain, secretKey, {
      name: config.name,
      networkAddress,
      capacity: opts.capacity,
      commissionBps: opts.commissionBps ?? 0,
    });
  } finally {
    secretKey.fill(0);
  }
  await writeConfigObject(file, {
    ...raw,
    name: config.name,
    nodeId: ids.nodeId,
    capId: ids.capId,
    chain: { ...(raw.chain as object), sender: chain.sender },
  });
  log.info({ nodeId: ids.nodeId, capId: ids.capId }, 'node registered; config updated');

  let stakedId: string | null = null;
  if (opts.stake !== undefined) {
    try {
      ({ stakedId } = await sendStake(chain, ids.nodeId, opts.stake));
    } catch (err) {
      if (!(err instanceof StakeFundsError)) throw err;
      throw new OperatorFundsError(
        chain.sender,
        `a stake of ${opts.stake} (node ${ids.nodeId} is registered and recorded in ${file}; only the stake is missing: floe stake --node-config ${file} --node ${ids.nodeId} --amount ${opts.stake})`,
        err.cause as InsufficientFundsError,
      );
    }
    log.info({ stakedId, amount: opts.stake }, 'staked with the node');
  }
  return {
    configFile: file,
    name: config.name,
    nodeId: ids.nodeId,
    capId: ids.capId,
    operator: chain.sender,
    networkAddress,
    publicKey: Buffer.from(ids.publicKey).toString('hex'),
    keyCreated: created,
    stakedId,
  };
}

function urlOf(config: NodeConfig): string {
  if (config.listen.port === 0) {
    throw new InvalidInputError(
      'node config: listen.port is 0 (any free port), so the node has no fixed URL; set listen.port or pass --url',
      { code: 'INVALID_NODE_CONFIG' },
    );
  }
  const host = config.listen.host;
  if (host === '0.0.0.0' || host === '::' || host === '') {
    throw new InvalidInputError(
      `node config: listen.host ${JSON.stringify(host)} listens on every interface and names none; pass --url with the address clients reach the node at`,
      { code: 'INVALID_NODE_CONFIG' },
    );
  }
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.listen.port}`;
}

async function readConfigObject(file: string): Promise<Record<string, unknown>> {
  const text = await readConfigText(
    file,
    'node',
    'NODE_CONFIG_NOT_FOUND',
    'write one first: the format of src/node/config.ts, without nodeId',
  );
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    if (err instanceof SyntaxError)
      throw new InvalidInputError(`node config ${file} is not JSON`, {
        code: 'INVALID_NODE_CONFIG',
        cause: err,
      });
    throw err;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new InvalidInputError(`node config ${file} is not a JSON object`, {
      code: 'INVALID_NODE_CONFIG',
    });
  return raw as Record<string, unknown>;
}

/** Rewrites the config atomically (temp file + rename), keeping the file's other fields. */
async function writeConfigObject(file: string, value: Record<string, unknown>): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(value, null, 2) + '\n');
  await rename(tmp, file);
}
