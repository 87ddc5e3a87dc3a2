/**
 * Running an embedded chain as a service, and connecting to one: what `floe chain run` and the
 * local network use.
 */
import type { Logger } from '../../util/log.ts';
import type { Address } from '../ids.ts';
import type { SystemParams } from '../types.ts';
import { EmbeddedChain } from './chain.ts';
import { EmbeddedChainClient } from './client.ts';
import { HttpTransport, type HttpTransportOptions } from './http-transport.ts';
import { buildChainServer } from './server.ts';
import { LocalTransport } from './transport.ts';

/** Parameters for a local network of `nShards` shards: short epochs, cheap storage. */
export function localParams(nShards: number, overrides: Partial<SystemParams> = {}): SystemParams {
  return {
    nShards,
    epochDurationMs: 60_000n,
    maxCommitteeSize: 100,
    minStake: 1_000n,
    maxShardsPerNode: nShards,
    rotationBps: 500,
    storagePricePerUnit: 1_000n,
    writePricePerUnit: 100n,
    unitSize: 1n << 20n,
    maxEpochsAhead: 52,
    maxCommissionBps: 5_000,
    reporterRewardBps: 1_000,
    slashBps: 500,
    absenceSlashBps: 200,
    maxAbsences: 3,
    challengeIntervalMs: 30_000n,
    ...overrides,
  };
}

export interface RunningChain {
  chain: EmbeddedChain;
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Stops the server, then snapshots and closes the chain. */
  close(): Promise<void>;
}

/**
 * Opens (or creates) the chain in `dir` and serves it on `host:port` (port 0 = any free port).
 * @throws ChainStoreCorruptError if the directory cannot be replayed; listen errors as thrown by Node.
 */
export async function runChainServer(opts: {
  dir: string;
  port: number;
  host?: string;
  params: SystemParams;
  admin: Address;
  log: Logger;
  clock?: () => number | bigint;
  randomBytes?: (n: number) => Uint8Array;
}): Promise<RunningChain> {
  const chain = EmbeddedChain.open({
    dir: opts.dir,
    params: opts.params,
    admin: opts.admin,
    log: opts.log.child({ component: 'embedded-chain' }),
    clock: opts.clock,
    randomBytes: opts.randomBytes,
  });
  const app = buildChainServer({ chain, log: opts.log.child({ component: 'chain-server' }) });
  app.addHook('onClose', async () => chain.close());
  try {
    await app.listen({ port: opts.port, host: opts.host ?? '127.0.0.1' });
  } catch (err) {
    chain.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;
  const url = `http://${opts.host ?? '127.0.0.1'}:${port}`;
  return { chain, url, port, close: () => app.close() };
}

/** A client of a chain served at `baseUrl`, sending as `sender`. */
export function connectChain(
  opts: HttpTransportOptions & { sender: Address },
): EmbeddedChainClient {
  return new EmbeddedChainClient(new HttpTransport(opts), opts.sender);
}

/** A client of an in-process chain, sending as `sender`. */
export function localChainClient(chain: EmbeddedChain, sender: Address): EmbeddedChainClient {
  return new EmbeddedChainClient(new LocalTransport(chain), sender);
}
