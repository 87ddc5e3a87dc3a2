/**
 * A `floe chain run` process serving the embedded chain over loopback from a fresh temporary
 * directory, for tests that run the `floe` commands against it as a user would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnFloe, stopProcess, waitForHttp } from '../../src/localnet/processes.ts';

export interface ChainRun {
  /** The temporary directory (the chain's data is in `chain/`, its log in `chain.log`). */
  dir: string;
  url: string;
  /** Stops the process and removes the directory. */
  stop(): Promise<void>;
}

/** Starts the chain with 8 shards plus `extraArgs` and waits until it answers. */
export async function startChainRun(prefix: string, extraArgs: string[] = []): Promise<ChainRun> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = join(dir, 'chain.log');
  const pid = spawnFloe(
    [
      'chain',
      'run',
      '--dir',
      join(dir, 'chain'),
      '--port',
      String(port),
      '--shards',
      '8',
      ...extraArgs,
    ],
    log,
  );
  const stop = async () => {
    await stopProcess(pid);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForHttp('chain', pid, `${url}/v1/health`, log, 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { dir, url, stop };
}
