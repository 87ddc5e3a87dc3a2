/**
 * `floe localnet down` and `floe localnet status`. `down` asks the supervising `up` process to
 * stop the network (it stops nodes, then the chain, and clears the pids); if that process is gone,
 * it stops whatever is still running itself. Data stays in the directory for the next `up`.
 */
import { StorageNodeClient } from '../client/node/node-client.ts';
import { isAlive, stopProcess } from './processes.ts';
import { readRecord, writeRecord, localnetPaths, type LocalnetRecord } from './state.ts';
import { currentNodePid } from './up.ts';
import { join } from 'node:path';

/** Stops the network in `dir`. Resolves once no process of it runs. */
export async function stopLocalnet(dir: string): Promise<LocalnetRecord> {
  const record = await readRecord(dir);
  if (
    record.supervisorPid !== null &&
    record.supervisorPid !== process.pid &&
    isAlive(record.supervisorPid)
  ) {
    // The supervisor stops its children in order and rewrites the record.
    await stopProcess(record.supervisorPid, 30_000);
  }
  const after = await readRecord(dir);
  const paths = localnetPaths(dir);
  const nodePids = await Promise.all(
    after.nodes.map((n) => currentNodePid(join(paths.nodeDir(n.name), 'ready.json'), n.pid)),
  );
  await Promise.all(nodePids.map((pid) => (pid === null ? undefined : stopProcess(pid))));
  if (after.chain.pid !== null && isAlive(after.chain.pid)) await stopProcess(after.chain.pid);
  const stopped: LocalnetRecord = {
    ...after,
    supervisorPid: null,
    chain: { ...after.chain, pid: null },
    nodes: after.nodes.map((n) => ({ ...n, pid: null })),
  };
  await writeRecord(stopped);
  return stopped;
}

export interface LocalnetStatus {
  dir: string;
  running: boolean;
  supervisorPid: number | null;
  chain: { url: string; pid: number | null; alive: boolean };
  /** The chain's current epoch when it answers, else null. */
  epoch: number | null;
  /** Epoch length the supervisor drives, ms; null = manual (`floe localnet epoch`). */
  epochDurationMs: number | null;
  nodes: Array<{
    name: string;
    url: string;
    pid: number | null;
    alive: boolean;
    healthy: boolean;
    shards: number;
  }>;
  clientConfig: string;
}

/** Which processes of the network in `dir` are alive and which nodes answer `/v1/health`. */
export async function localnetStatus(
  dir: string,
  fetch: typeof globalThis.fetch,
): Promise<LocalnetStatus> {
  const record = await readRecord(dir);
  const paths = localnetPaths(dir);
  const http = new StorageNodeClient({ fetch, timeoutMs: 2000 });
  const nodes = await Promise.all(
    record.nodes.map(async (n) => {
      const pid = await currentNodePid(join(paths.nodeDir(n.name), 'ready.json'), n.pid);
      const healthy =
        pid !== null &&
        (await http.health(n.url).then(
          () => true,
          () => false,
        ));
      return {
        name: n.name,
        url: n.url,
        pid,
        alive: pid !== null,
        healthy,
        shards: n.shards.length,
      };
    }),
  );
  const chainAlive = record.chain.pid !== null && isAlive(record.chain.pid);
  const epoch = chainAlive ? await chainEpoch(record.chain.url, fetch) : null;
  const supervisorAlive = record.supervisorPid !== null && isAlive(record.supervisorPid);
  return {
    dir: record.dir,
    running: supervisorAlive || chainAlive,
    supervisorPid: supervisorAlive ? record.supervisorPid : null,
    chain: { url: record.chain.url, pid: chainAlive ? record.chain.pid : null, alive: chainAlive },
    epoch,
    epochDurationMs: record.epochDurationMs ?? null,
    nodes,
    clientConfig: record.clientConfig,
  };
}

/** The epoch the chain's `/v1/health` reports, or null when it does not answer in 2 s. */
async function chainEpoch(url: string, fetch: typeof globalThis.fetch): Promise<number | null> {
  try {
    const res = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return null;
    const body = (await res.json()) as { epoch?: unknown };
    return typeof body.epoch === 'number' ? body.epoch : null;
  } catch {
    return null; // down or not answering: status reports it as such
  }
}
