/**
 * The deployment file: where the Floe package and its shared objects live on a Sui network.
 * `scripts/sui/publish.ts` writes it, the coordinator and `SuiChainClient` read it. JSON, one
 * object:
 *
 * ```json
 * { "network": "localnet", "rpcUrl": "http://127.0.0.1:9000", "packageId": "0x…",
 *   "systemObjectId": "0x…", "systemInitialSharedVersion": "12", "adminCapId": "0x…",
 *   "randomInitialSharedVersion": "2", "faucetUrl": "http://127.0.0.1:9123" }
 * ```
 */
import { readFile, writeFile } from 'node:fs/promises';
import { isValidSuiObjectId, normalizeSuiObjectId } from '@mysten/sui/utils';
import { InvalidInputError } from '../../util/errors.ts';

export type SuiNetwork = 'localnet' | 'devnet' | 'testnet' | 'mainnet';
const NETWORKS: readonly SuiNetwork[] = ['localnet', 'devnet', 'testnet', 'mainnet'];

export interface SuiDeployment {
  network: SuiNetwork;
  /** Full node URL (gRPC-web and JSON-RPC share it; localnet `http://127.0.0.1:9000`). */
  rpcUrl: string;
  /** The published package (its original ID: event types are named after it). */
  packageId: string;
  /** The shared `System` object. */
  systemObjectId: string;
  /** Version at which `System` became shared (needed to build transactions offline). */
  systemInitialSharedVersion: string;
  /** The `AdminCap` sent to the publisher. */
  adminCapId: string;
  /** Initial shared version of `0x8::random::Random`, which differs by network. */
  randomInitialSharedVersion: string;
  /** Faucet URL (localnet/devnet/testnet only). */
  faucetUrl?: string;
}

/** Well-known shared objects of the Sui framework. */
export const CLOCK_OBJECT_ID = normalizeSuiObjectId('0x6');
export const CLOCK_INITIAL_SHARED_VERSION = '1';
export const RANDOM_OBJECT_ID = normalizeSuiObjectId('0x8');

/**
 * Checks a parsed deployment and returns it with IDs normalised (full 0x + 64 hex).
 * Throws `InvalidInputError` (code `DEPLOYMENT_INVALID`) naming the first bad field.
 */
export function parseDeployment(value: unknown, source = 'deployment'): SuiDeployment {
  const bad = (field: string, why: string): never => {
    throw new InvalidInputError(`${source}: ${field} ${why}`, { code: 'DEPLOYMENT_INVALID' });
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    bad('(root)', 'must be a JSON object');
  const v = value as Record<string, unknown>;
  const str = (field: string): string => {
    const x = v[field];
    if (typeof x !== 'string' || x === '') bad(field, 'must be a non-empty string');
    return x as string;
  };
  const objectId = (field: string): string => {
    const x = str(field);
    if (!isValidSuiObjectId(normalizeSuiObjectId(x))) bad(field, `is not a Sui object ID: ${x}`);
    return normalizeSuiObjectId(x);
  };
  const version = (field: string): string => {
    const x = v[field];
    const text = typeof x === 'number' && Number.isSafeInteger(x) ? String(x) : x;
    if (typeof text !== 'string' || !/^\d+$/.test(text))
      bad(field, 'must be an unsigned integer (string)');
    return BigInt(text as string).toString();
  };
  const network = str('network');
  if (!NETWORKS.includes(network as SuiNetwork))
    bad('network', `must be one of ${NETWORKS.join(', ')}`);
  const rpcUrl = str('rpcUrl');
  try {
    new URL(rpcUrl);
  } catch {
    bad('rpcUrl', `is not a URL: ${rpcUrl}`);
  }
  const deployment: SuiDeployment = {
    network: network as SuiNetwork,
    rpcUrl,
    packageId: objectId('packageId'),
    systemObjectId: objectId('systemObjectId'),
    systemInitialSharedVersion: version('systemInitialSharedVersion'),
    adminCapId: objectId('adminCapId'),
    randomInitialSharedVersion: version('randomInitialSharedVersion'),
  };
  if (v.faucetUrl !== undefined) deployment.faucetUrl = str('faucetUrl');
  return deployment;
}

/** Reads and checks a deployment file. Throws `InvalidInputError` (`DEPLOYMENT_INVALID`). */
export async function readDeployment(path: string): Promise<SuiDeployment> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new InvalidInputError(`cannot read deployment file ${path}`, {
      code: 'DEPLOYMENT_INVALID',
      cause,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new InvalidInputError(`deployment file ${path} is not JSON`, {
      code: 'DEPLOYMENT_INVALID',
      cause,
    });
  }
  return parseDeployment(json, path);
}

/** Writes a deployment file (checked first, pretty-printed, trailing newline). */
export async function writeDeployment(path: string, deployment: SuiDeployment): Promise<void> {
  const checked = parseDeployment(deployment, path);
  await writeFile(path, `${JSON.stringify(checked, null, 2)}\n`);
}
