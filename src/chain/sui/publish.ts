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
import { normalizeId } from '../ids.ts';
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
  /**
   * How the package gets on chain: `bytecode` (from {@link buildPackageBytecode}) is published in
   * a transaction signed by `signer`; `published` is a package the `sui` CLI already published
   * (see {@link publishWithCli}), whose AdminCap `signer` owns.
   */
  source:
    { bytecode: { modules: string[]; dependencies: string[] } } | { published: PublishedPackage };
  params: SystemParams;
  logger: Logger;
  faucetUrl?: string;
  gasBudget?: bigint;
}

/** A published Floe package and the AdminCap its `init` sent to the publisher. */
export interface PublishedPackage {
  packageId: string;
  adminCapId: string;
}

/**
 * Publishes the package (unless already published), creates the shared System, and returns the
 * deployment record. Throws the executor's typed errors (`MoveAbortError`,
 * `InsufficientFundsError`, ...) and `FloeError` `SUI_UNEXPECTED_EFFECTS` when the effects lack
 * the package, the AdminCap or the System.
 */
export async function publishFloe(opts: PublishFloeOptions): Promise<SuiDeployment> {
  const log = opts.logger.child({ component: 'sui-publish', network: opts.network });
  const executor = (packageId: string) =>
    new SuiExecutor({
      client: opts.client,
      signer: opts.signer,
      packageId,
      abortLookup: EMPTY_ABORT_LOOKUP,
      logger: log,
      gasBudget: opts.gasBudget,
    });
  const pkg =
    'published' in opts.source
      ? opts.source.published
      : await publishBytecode(executor('0x0'), opts.source.bytecode);
  log.info(pkg, 'package published');

  const random = await opts.client.core.getObject({ objectId: RANDOM_OBJECT_ID });
  if (
    random.object.owner.$kind !== 'Shared' ||
    random.object.owner.Shared.initialSharedVersion == null
  ) {
    throw unexpected('0x8::random::Random is not a shared object on this network');
  }
  const randomInitialSharedVersion = random.object.owner.Shared.initialSharedVersion;

  const creator = executor(pkg.packageId);
  const created = await creator.run('create_system', (tx) =>
    buildCreateSystem(
      tx,
      // The System does not exist yet: only the package and sender are read.
      {
        packageId: pkg.packageId,
        sender: creator.sender,
        systemId: '0x0',
        systemInitialSharedVersion: '0',
        randomInitialSharedVersion,
      },
      { adminCap: pkg.adminCapId, params: opts.params },
    ),
  );
  const system = created.written.find(
    (w) =>
      isPackageType(w.type, pkg.packageId, 'system', 'System') && w.initialSharedVersion !== null,
  );
  if (system === undefined) throw unexpected(`${created.digest} shared no system::System`);
  log.info({ systemId: system.objectId, digest: created.digest }, 'system created');

  return {
    network: opts.network,
    rpcUrl: opts.rpcUrl,
    packageId: pkg.packageId,
    systemObjectId: system.objectId,
    systemInitialSharedVersion: system.initialSharedVersion!,
    adminCapId: pkg.adminCapId,
    randomInitialSharedVersion,
    ...(opts.faucetUrl === undefined ? {} : { faucetUrl: opts.faucetUrl }),
  };
}

/** Publishes compiled modules in one transaction; the UpgradeCap goes to the sender. */
async function publishBytecode(
  executor: SuiExecutor,
  bytecode: { modules: string[]; dependencies: string[] },
): Promise<PublishedPackage> {
  const published = await executor.run('publish', (tx) => {
    const upgradeCap = tx.publish(bytecode);
    tx.transferObjects([upgradeCap], executor.sender);
  });
  const packageId = published.published[0];
  if (packageId === undefined) throw unexpected(`${published.digest} published no package`);
  const adminCap = published.created.find((c) =>
    isPackageType(c.type, packageId, 'system', 'AdminCap'),
  );
  if (adminCap === undefined) throw unexpected(`${published.digest} created no system::AdminCap`);
  return { packageId, adminCapId: adminCap.objectId };
}

/**
 * Publishes with the `sui` CLI from its active address and environment: `sui client
 * test-publish --build-env <env>` on localnet (CLI 1.63+), `sui client publish` elsewhere.
 * Throws `SuiCliMissingError` without `sui`, `MoveBuildError` when the CLI fails.
 */
export function publishWithCli(
  opts: {
    packageDir: string;
    network: SuiNetwork;
    buildEnv?: string;
    extraArgs?: readonly string[];
  },
  spawn: Spawn = spawnSync,
): PublishedPackage {
  const args =
    opts.network === 'localnet'
      ? [
          'client',
          'test-publish',
          '--build-env',
          opts.buildEnv ?? 'testnet',
          '--json',
          ...(opts.extraArgs ?? []),
          opts.packageDir,
        ]
      : ['client', 'publish', '--json', ...(opts.extraArgs ?? []), opts.packageDir];
  const r = spawn('sui', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error !== undefined) throw new SuiCliMissingError(r.error.message);
  if (r.status !== 0)
    throw new MoveBuildError(
      `sui ${args.slice(0, 2).join(' ')} exited ${r.status}: ${r.stderr.trim() || r.stdout.trim()}`,
    );
  return parseCliPublishOutput(r.stdout);
}

/**
 * Reads the package ID and the AdminCap from `sui client (test-)publish --json` output (build
 * progress lines may precede the JSON document). Throws `MoveBuildError` when either is missing.
 */
export function parseCliPublishOutput(stdout: string): PublishedPackage {
  const start = stdout.search(/^\{/m);
  if (start < 0) throw new MoveBuildError('sui publish printed no JSON');
  let doc: {
    objectChanges?: { type?: string; packageId?: string; objectType?: string; objectId?: string }[];
  };
  try {
    doc = JSON.parse(stdout.slice(start)) as typeof doc;
  } catch (cause) {
    throw new MoveBuildError(`sui publish printed JSON that does not parse: ${String(cause)}`);
  }
  const changes = doc.objectChanges ?? [];
  const packageId = changes.find((c) => c.type === 'published')?.packageId;
  if (packageId === undefined)
    throw new MoveBuildError('sui publish output has no published package');
  const adminCap = changes.find(
    (c) =>
      c.type === 'created' &&
      c.objectType !== undefined &&
      isPackageType(c.objectType, packageId, 'system', 'AdminCap'),
  );
  if (adminCap?.objectId === undefined)
    throw new MoveBuildError('sui publish output has no system::AdminCap');
  return {
    packageId: normalizeId(packageId, 'packageId'),
    adminCapId: normalizeId(adminCap.objectId, 'adminCapId'),
  };
}

function isPackageType(type: string, packageId: string, module: string, struct: string): boolean {
  return (
    type !== '' &&
    normalizeStructTag(type) === normalizeStructTag(`${packageId}::${module}::${struct}`)
  );
}

function unexpected(message: string): FloeError {
  return new FloeError('SUI_UNEXPECTED_EFFECTS', message);
}
