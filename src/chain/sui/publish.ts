/**
 * Deploys the Floe Move package to a Sui network: compiles it with the `sui` CLI
 * (`sui move build --dump-bytecode-as-base64`), publishes the bytecode in a transaction signed by
 * the deployer's key, calls `system::create_system` with the AdminCap the package's `init` sent to
 * the deployer, and returns the deployment record (deployment.ts). Needs `sui` on PATH only for
 * compiling; everything else goes through `@mysten/sui`.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import type { ClientWithCoreApi } from '@mysten/sui/client';
import type { Signer } from '@mysten/sui/cryptography';
import { normalizeStructTag } from '@mysten/sui/utils';
import { FloeError } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import type { SystemParams } from '../types.ts';
import { EMPTY_ABORT_LOOKUP } from './abort.ts';
import { RANDOM_OBJECT_ID, type SuiDeployment, type SuiNetwork } from './deployment.ts';
import { SuiExecutor } from './executor.ts';
import { buildCreateSystem } from './ptb/system.ts';

/** The `sui` binary is not installed (or not on PATH); nothing can be compiled here. */
export class SuiCliMissingError extends FloeError {
  constructor(detail: string) {
    super(
      'SUI_CLI_MISSING',
      `the \`sui\` CLI is not on PATH (${detail}); install it (https://docs.sui.io/guides/developer/getting-started/sui-install) to build and publish the Move package`,
    );
  }
}

/** `sui` failed to compile the package. */
export class MoveBuildError extends FloeError {
  constructor(message: string) {
    super('MOVE_BUILD_FAILED', message);
  }
}

type Spawn = (
  cmd: string,
  args: string[],
  opts: { encoding: 'utf8'; maxBuffer: number },
) => SpawnSyncReturns<string>;

/** The installed `sui --version` text, or `null` when `sui` is not on PATH. */
export function suiCliVersion(spawn: Spawn = spawnSync): string | null {
  const r = spawn('sui', ['--version'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.error !== undefined || r.status !== 0) return null;
  return r.stdout.trim();
}

/**
 * Compiles `packageDir` and returns its modules (base64) and dependency IDs.
 * Throws `SuiCliMissingError` without `sui`, `MoveBuildError` when compilation fails.
 */
export function buildPackageBytecode(
  packageDir: string,
  extraArgs: readonly string[] = [],
  spawn: Spawn = spawnSync,
): { modules: string[]; dependencies: string[] } {
  const r = spawn(
    'sui',
    ['move', 'build', '--dump-bytecode-as-base64', '--path', packageDir, ...extraArgs],
    {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    },
  );
  if (r.error !== undefined) throw new SuiCliMissingError(r.error.message);
  if (r.status !== 0)
    throw new MoveBuildError(
      `sui move build exited ${r.status}: ${r.stderr.trim() || r.stdout.trim()}`,
    );
  // The CLI may print build progress before the JSON line.
  const line = r.stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.trimStart().startsWith('{'));
  if (line === undefined) throw new MoveBuildError('sui move build printed no JSON');
  const parsed = JSON.parse(line) as { modules?: unknown; dependencies?: unknown };
  if (!Array.isArray(parsed.modules) || !Array.isArray(parsed.dependencies)) {
    throw new MoveBuildError('sui move build JSON lacks modules/dependencies');
  }
  return { modules: parsed.modules as string[], dependencies: parsed.dependencies as string[] };
}

/** Parameters for a small test network (localnet, testnet trials): 10 shards, short epochs. */
export function defaultSystemParams(): SystemParams {
  return {
    nShards: 10,
    epochDurationMs: 600_000n,
    maxCommitteeSize: 10,
    minStake: 1_000_000_000n,
    maxShardsPerNode: 10,
    rotationBps: 100,
    storagePricePerUnit: 1_000n,
    writePricePerUnit: 1_000n,
    unitSize: 1n << 20n,
    maxEpochsAhead: 52,
    maxCommissionBps: 5_000,
    reporterRewardBps: 1_000,
    slashBps: 500,
    absenceSlashBps: 100,
    maxAbsences: 3,
    challengeIntervalMs: 60_000n,
  };
}

export interface PublishFloeOptions {
  client: ClientWithCoreApi;
  signer: Signer;
  network: SuiNetwork;
  rpcUrl: string;
  /** Compiled package (from {@link buildPackageBytecode}). */
  bytecode: { modules: string[]; dependencies: string[] };
  params: SystemParams;
  logger: Logger;
  faucetUrl?: string;
  gasBudget?: bigint;
}

/**
 * Publishes the package, creates the shared System, and returns the deployment record.
 * Throws the executor's typed errors (`MoveAbortError`, `InsufficientFundsError`, ...) and
 * `FloeError` `SUI_UNEXPECTED_EFFECTS` when the effects lack the package, AdminCap or System.
 */
export async function publishFloe(opts: PublishFloeOptions): Promise<SuiDeployment> {
  const log = opts.logger.child({ component: 'sui-publish', network: opts.network });
  const publisher = new SuiExecutor({
    client: opts.client,
    signer: opts.signer,
    packageId: '0x0',
    abortLookup: EMPTY_ABORT_LOOKUP,
    logger: log,
    gasBudget: opts.gasBudget,
  });
  const sender = publisher.sender;
  const published = await publisher.run('publish', (tx) => {
    const upgradeCap = tx.publish(opts.bytecode);
    tx.transferObjects([upgradeCap], sender);
  });
  const packageId = published.published[0];
  if (packageId === undefined) throw unexpected(`${published.digest} published no package`);
  const isType = (type: string, module: string, struct: string) =>
    type !== '' &&
    normalizeStructTag(type) === normalizeStructTag(`${packageId}::${module}::${struct}`);
  const adminCap = published.created.find((c) => isType(c.type, 'system', 'AdminCap'));
  if (adminCap === undefined) throw unexpected(`${published.digest} created no system::AdminCap`);
  log.info({ packageId, digest: published.digest }, 'package published');

  const random = await opts.client.core.getObject({ objectId: RANDOM_OBJECT_ID });
  if (
    random.object.owner.$kind !== 'Shared' ||
    random.object.owner.Shared.initialSharedVersion == null
  ) {
    throw unexpected('0x8::random::Random is not a shared object on this network');
  }
  const randomInitialSharedVersion = random.object.owner.Shared.initialSharedVersion;

  const creator = new SuiExecutor({
    client: opts.client,
    signer: opts.signer,
    packageId,
    abortLookup: EMPTY_ABORT_LOOKUP,
    logger: log,
    gasBudget: opts.gasBudget,
  });
  const created = await creator.run('create_system', (tx) =>
    buildCreateSystem(
      tx,
      // The System does not exist yet: only the package and sender are read.
      {
        packageId,
        sender,
        systemId: '0x0',
        systemInitialSharedVersion: '0',
        randomInitialSharedVersion,
      },
      { adminCap: adminCap.objectId, params: opts.params },
    ),
  );
  const system = created.written.find(
    (w) => isType(w.type, 'system', 'System') && w.initialSharedVersion !== null,
  );
  if (system === undefined) throw unexpected(`${created.digest} shared no system::System`);
  log.info({ systemId: system.objectId, digest: created.digest }, 'system created');

  return {
    network: opts.network,
    rpcUrl: opts.rpcUrl,
    packageId,
    systemObjectId: system.objectId,
    systemInitialSharedVersion: system.initialSharedVersion!,
    adminCapId: adminCap.objectId,
    randomInitialSharedVersion,
    ...(opts.faucetUrl === undefined ? {} : { faucetUrl: opts.faucetUrl }),
  };
}

function unexpected(message: string): FloeError {
  return new FloeError('SUI_UNEXPECTED_EFFECTS', message);
}
