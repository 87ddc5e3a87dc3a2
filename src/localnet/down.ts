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
  const supervisorAlive = record.supervisorPid !== null && isAlive(record.supervisorPid);
  return {
    dir: record.dir,
    running: supervisorAlive || chainAlive,
    supervisorPid: supervisorAlive ? record.supervisorPid : null,
    chain: { url: record.chain.url, pid: chainAlive ? record.chain.pid : null, alive: chainAlive },
    nodes,
    clientConfig: record.clientConfig,
  };
}
