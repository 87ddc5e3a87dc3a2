/**
 * The local network's chain: `floe chain run --dir DIR --port P --shards N` as a child process,
 * and clients of it for the operator and the faucet.
 */
import { connectChain } from '../chain/embedded/run.ts';
import type { EmbeddedChainClient } from '../chain/embedded/client.ts';
import type { Logger } from '../util/log.ts';
import { spawnFloe, waitForHttp } from './processes.ts';

/** An account of the local network (the embedded chain trusts the sender it is told). */
export interface LocalAccount {
  address: string;
}

export interface ChainProcess {
  pid: number;
  url: string;
}

/** Starts the chain process and waits until it answers HTTP. */
export async function startChainProcess(opts: {
  dir: string;
  port: number;
  nShards: number;
  log: string;
  timeoutMs: number;
}): Promise<ChainProcess> {
  const url = `http://127.0.0.1:${opts.port}`;
  const pid = spawnFloe(
    [
      'chain',
      'run',
      '--dir',
      opts.dir,
      '--port',
      String(opts.port),
      '--shards',
      String(opts.nShards),
    ],
    opts.log,
  );
  await waitForHttp('chain', pid, url + '/v1/health', opts.log, opts.timeoutMs);
  return { pid, url };
}

/** A chain client sending as `address`. */
export async function connectLocalChain(
  url: string,
  address: string,
  _log: Logger,
): Promise<{ client: EmbeddedChainClient; close(): Promise<void> }> {
  return { client: connectChain({ baseUrl: url, sender: address }), close: async () => {} };
}

/** Credits `amount` MIST to `address` through the local network's faucet. */
export async function fundAccount(url: string, address: string, amount: bigint): Promise<void> {
  await connectChain({ baseUrl: url, sender: address }).mint({ to: address, amount });
}
