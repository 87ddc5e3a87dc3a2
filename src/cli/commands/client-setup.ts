/**
 * What the blob commands share: `--config FILE` (or `$FLOE_CONFIG`), a connected `FloeClient`,
 * and an AbortSignal that fires on Ctrl-C so that a store or read stops cleanly.
 */
import type { Command } from 'commander';
import { FloeClient } from '../../client/client.ts';
import { loadClientConfig } from '../../client/config.ts';
import { connectChain } from '../../client/connect.ts';
import { createEncoderPool } from '../../encoding/parallel/pool.ts';
import { InvalidInputError } from '../../util/errors.ts';
import type { CliContext } from '../context.ts';

/** Adds `--config FILE` to a command. */
export function withConfigOption(cmd: Command): Command {
  return cmd.option('-c, --config <file>', 'client config file (default: $FLOE_CONFIG)');
}

/**
 * The client config file: `--config`, else `$FLOE_CONFIG`.
 * @throws InvalidInputError (INVALID_CLIENT_CONFIG) when neither is given.
 */
export function clientConfigFile(configPath: string | undefined): string {
  const file = configPath ?? process.env.FLOE_CONFIG;
  if (!file) {
    throw new InvalidInputError(
      'no client config: pass --config FILE or set FLOE_CONFIG (floe localnet up writes one)',
      { code: 'INVALID_CLIENT_CONFIG' },
    );
  }
  return file;
}

export interface OpenedClient {
  client: FloeClient;
  signal: AbortSignal;
  close(): Promise<void>;
}

/**
 * Builds the client from the command's `--config`.
 * @throws InvalidInputError (INVALID_CLIENT_CONFIG) when no config is given or it is bad.
 */
export async function openClient(
  ctx: CliContext,
  configPath: string | undefined,
): Promise<OpenedClient> {
  const config = await loadClientConfig(clientConfigFile(configPath));
  const chain = await connectChain(config.chain, ctx.log);
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  // Workers start on the first large blob only.
  const encoderPool = createEncoderPool({ log: ctx.log });
  const client = new FloeClient({
    chain: chain.client,
    fetch: globalThis.fetch,
    log: ctx.log,
    concurrency: config.concurrency,
    confirmationGraceMs: config.confirmationGraceMs,
    nodeTimeoutMs: config.nodeTimeoutMs,
    encoderPool,
  });
  return {
    client,
    signal: controller.signal,
    async close() {
      // Let slow nodes get their slivers before the process exits (bounded).
      await client.drain(10_000);
      process.removeListener('SIGINT', onSigint);
      await encoderPool.close();
      await chain.close();
    },
  };
}
