/**
 * Connecting the client's chain side from a config: the embedded chain over loopback HTTP, or a
 * Sui full node through the Sui adapter.
 */
import { connectChain as connectEmbedded } from '../chain/embedded/run.ts';
import type { ChainClient } from '../chain/types.ts';
import { InvalidInputError } from '../util/errors.ts';
import type { Logger } from '../util/log.ts';
import type { ClientChainConfig } from './config.ts';

export interface ConnectedChain {
  client: ChainClient;
  close(): Promise<void>;
}

/**
 * A `ChainClient` for `config`.
 * @throws InvalidInputError (INVALID_CLIENT_CONFIG) when the config cannot be used.
 */
export async function connectChain(
  config: ClientChainConfig,
  log: Logger,
): Promise<ConnectedChain> {
  if (config.kind === 'http') {
    if (config.sender === undefined) {
      throw new InvalidInputError(
        'client config: chain.sender is required for the embedded chain',
        {
          code: 'INVALID_CLIENT_CONFIG',
        },
      );
    }
    log.debug({ url: config.url }, 'connecting to the embedded chain');
    return {
      client: connectEmbedded({ baseUrl: config.url, sender: config.sender }),
      close: async () => {},
    };
  }
  log.debug({ deployment: config.deployment }, 'connecting to Sui');
  // Loaded only for Sui: importing the Sui SDK costs every embedded-chain command ~0.4 s.
  const { openSuiChain } = await import('../chain/sui/connect.ts');
  const client = await openSuiChain({
    deploymentPath: config.deployment,
    logger: log,
    ...(config.keystore ? { keys: { keystorePath: config.keystore } } : {}),
  });
  return { client, close: async () => {} };
}
