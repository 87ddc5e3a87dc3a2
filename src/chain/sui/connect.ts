/**
 * Ways to open a `SuiChainClient`: from the deployment file the publish script writes, or from
 * just the package and System IDs (what node and client configs carry), looking the shared
 * versions up on chain.
 */
import type { ClientWithCoreApi } from '@mysten/sui/client';
import type { Signer } from '@mysten/sui/cryptography';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { FloeError } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import { normalizeId } from '../ids.ts';
import { SuiChainClient, type SuiChainTarget } from './client.ts';
import { RANDOM_OBJECT_ID, readDeployment, type SuiNetwork } from './deployment.ts';
import { loadSuiKeypair, type LoadKeypairOptions } from './keys.ts';

/** The network a full-node URL belongs to (by its host name; anything else counts as localnet). */
export function networkOfUrl(url: string): SuiNetwork {
  const host = new URL(url).hostname;
  if (host.includes('mainnet')) return 'mainnet';
  if (host.includes('testnet')) return 'testnet';
  if (host.includes('devnet')) return 'devnet';
  return 'localnet';
}

/**
 * Opens the chain described by a deployment file, signing with `SUI_PRIVATE_KEY` or the keystore
 * (keys.ts). Throws `InvalidInputError` (`DEPLOYMENT_INVALID`, `SUI_KEY_*`) for a bad file or key.
 */
export async function openSuiChain(opts: {
  deploymentPath: string;
  logger: Logger;
  keys?: LoadKeypairOptions;
  gasBudget?: bigint;
}): Promise<SuiChainClient> {
  const deployment = await readDeployment(opts.deploymentPath);
  const signer = await loadSuiKeypair(opts.keys);
  return new SuiChainClient({ deployment, signer, logger: opts.logger, gasBudget: opts.gasBudget });
}

/**
 * Finds the initial shared versions of the System and of Random, which offline-complete
 * transactions need. Throws `FloeError` `SUI_NOT_SHARED` when the System ID is not a shared
 * object, and the SDK's errors (mapped by the caller) when the node cannot be reached.
 */
export async function resolveSuiTarget(opts: {
  client: ClientWithCoreApi;
  rpcUrl: string;
  network?: SuiNetwork;
  packageId: string;
  systemObjectId: string;
}): Promise<SuiChainTarget> {
  const shared = async (objectId: string): Promise<string> => {
    const { object } = await opts.client.core.getObject({ objectId });
    if (object.owner.$kind !== 'Shared' || object.owner.Shared.initialSharedVersion == null) {
      throw new FloeError('SUI_NOT_SHARED', `${objectId} is not a shared object`);
    }
    return object.owner.Shared.initialSharedVersion;
  };
  const systemObjectId = normalizeId(opts.systemObjectId, 'systemObjectId');
  const [systemInitialSharedVersion, randomInitialSharedVersion] = await Promise.all([
    shared(systemObjectId),
    shared(RANDOM_OBJECT_ID),
  ]);
  return {
    network: opts.network ?? networkOfUrl(opts.rpcUrl),
    rpcUrl: opts.rpcUrl,
    packageId: normalizeId(opts.packageId, 'packageId'),
    systemObjectId,
    systemInitialSharedVersion,
    randomInitialSharedVersion,
  };
}

/**
 * A client for the Floe package at `packageId`/`systemObjectId` on the full node at `rpcUrl`.
 * Without `signer` it is read-only (reads and `watchEvents`; writes throw `CHAIN_READ_ONLY`),
 * which is all a storage node's chain follower needs.
 */
export async function connectSuiChain(opts: {
  rpcUrl: string;
  network?: SuiNetwork;
  packageId: string;
  systemObjectId: string;
  signer?: Signer;
  logger: Logger;
  client?: ClientWithCoreApi;
}): Promise<SuiChainClient> {
  const network = opts.network ?? networkOfUrl(opts.rpcUrl);
  const client = opts.client ?? new SuiGrpcClient({ network, baseUrl: opts.rpcUrl });
  const deployment = await resolveSuiTarget({ ...opts, client, network });
  return new SuiChainClient({ deployment, signer: opts.signer, logger: opts.logger, client });
}
