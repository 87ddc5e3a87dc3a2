/**
 * Helpers of the end-to-end suites: each test file brings up its own local network (the real
 * chain and node processes) in a temporary directory and tears it down, and runs the real `floe`
 * command as a child process.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FloeClient } from '../../src/client/client.ts';
import { loadClientConfig } from '../../src/client/config.ts';
import { connectChain } from '../../src/client/connect.ts';
import { startLocalnet, type RunningLocalnet } from '../../src/localnet/up.ts';
import { FLOE_BIN } from '../../src/localnet/processes.ts';
import { silentLogger } from '../../src/util/log.ts';

export interface E2eNetwork {
  dir: string;
  net: RunningLocalnet;
  clientConfig: string;
  client(): Promise<FloeClient>;
  close(): Promise<void>;
}

/** A local network of `nodes` node processes over `shards` shards in a fresh temp directory. */
export async function startE2eNetwork(nodes: number, shards: number): Promise<E2eNetwork> {
  const dir = await mkdtemp(join(tmpdir(), 'floe-e2e-'));
  const net = await startLocalnet({
    dir,
    nodes,
    shards,
    log: silentLogger,
    startTimeoutMs: 90_000,
  });
  const clients: FloeClient[] = [];
  return {
    dir,
    net,
    clientConfig: net.record.clientConfig,
    async client() {
      const config = await loadClientConfig(net.record.clientConfig);
      const chain = await connectChain(config.chain, silentLogger);
      const client = new FloeClient({
        chain: chain.client,
        fetch: globalThis.fetch,
        confirmationGraceMs: 100,
      });
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.drain(2000)));
      await net.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface FloeRun {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs `floe ...args` to completion. */
export function runFloe(args: string[], timeoutMs = 60_000): Promise<FloeRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [FLOE_BIN, ...args],
      {
        encoding: 'buffer',
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, FLOE_LOG_LEVEL: 'warn' },
      },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: unknown }).code as number) : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr: stderr.toString() });
      },
    );
  });
}
