/**
 * The client configuration file that `floe store/read/... --config FILE` and `floe daemon` read,
 * and that `floe localnet up` writes for its network:
 *
 * ```json
 * {
 *   "chain": { "kind": "http", "url": "http://127.0.0.1:9000", "sender": "0x…64 hex…" },
 *   "concurrency": 64,            // node requests in flight
 *   "confirmationGraceMs": 200,   // wait for stragglers after quorum
 *   "nodeTimeoutMs": 30000
 * }
 * ```
 * `chain.kind` is `http` (the embedded chain served on loopback) or `sui`:
 * `{ "kind": "sui", "deployment": "sui-deployment.json", "keystore": "~/.sui/sui_config/sui.keystore" }`
 * (the deployment file `npm run sui:publish` writes; the key comes from `SUI_PRIVATE_KEY` or the
 * keystore, whose path is optional). Relative paths resolve against the file's directory.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { readConfigText } from '../util/config-file.ts';
import { InvalidInputError } from '../util/errors.ts';

export type ClientChainConfig =
  | { kind: 'http'; url: string; sender?: string }
  | { kind: 'sui'; deployment: string; keystore?: string };

export interface ClientConfig {
  chain: ClientChainConfig;
  concurrency: number;
  confirmationGraceMs: number;
  nodeTimeoutMs: number;
}

function fail(field: string, why: string): never {
  throw new InvalidInputError(`client config: ${field} ${why}`, { code: 'INVALID_CLIENT_CONFIG' });
}

function str(obj: Record<string, unknown>, field: string, prefix = ''): string {
  const v = obj[field];
  if (typeof v !== 'string' || v.length === 0) fail(prefix + field, 'must be a non-empty string');
  return v;
}

function int(
  obj: Record<string, unknown>,
  field: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const v = obj[field] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    fail(field, `must be an integer in ${min}..${max}`);
  return v;
}

/**
 * Checks a parsed config and fills in defaults.
 * @throws InvalidInputError (INVALID_CLIENT_CONFIG) naming the first bad field.
 */
export function parseClientConfig(raw: unknown, baseDir: string = process.cwd()): ClientConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    fail('config', 'must be an object');
  const obj = raw as Record<string, unknown>;
  const chainRaw = obj.chain;
  if (typeof chainRaw !== 'object' || chainRaw === null) fail('chain', 'must be an object');
  const c = chainRaw as Record<string, unknown>;
  let chain: ClientChainConfig;
  if (c.kind === 'http' || c.kind === undefined) {
    chain = { kind: 'http', url: str(c, 'url', 'chain.') };
    if (c.sender !== undefined) chain.sender = str(c, 'sender', 'chain.');
  } else if (c.kind === 'sui') {
    const path = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
    chain = { kind: 'sui', deployment: path(str(c, 'deployment', 'chain.')) };
    if (c.keystore !== undefined) chain.keystore = path(str(c, 'keystore', 'chain.'));
  } else fail('chain.kind', 'must be "http" or "sui"');
  return {
    chain,
    concurrency: int(obj, 'concurrency', 64, 1, 4096),
    confirmationGraceMs: int(obj, 'confirmationGraceMs', 200, 0, 600_000),
    nodeTimeoutMs: int(obj, 'nodeTimeoutMs', 30_000, 1, 3_600_000),
  };
}

/**
 * Reads and checks a client config file.
 * @throws InvalidInputError (CLIENT_CONFIG_NOT_FOUND) if it does not exist, (INVALID_CLIENT_CONFIG)
 *   if it is not JSON or a field is bad; other fs errors as they are.
 */
export async function loadClientConfig(file: string): Promise<ClientConfig> {
  const text = await readConfigText(file, 'client', 'CLIENT_CONFIG_NOT_FOUND');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InvalidInputError(`client config ${file} is not JSON`, {
      code: 'INVALID_CLIENT_CONFIG',
      cause: err,
    });
  }
  return parseClientConfig(raw, dirname(resolve(file)));
}
