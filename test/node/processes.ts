/**
 * Real `floe` child processes for node tests: the embedded chain (`floe chain run`) and storage
 * nodes (`floe node run --config`), each logging to a file, with kill -9 and restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eventually } from './network.ts';

export const FLOE_BIN = fileURLToPath(new URL('../../bin/floe.mjs', import.meta.url));

export interface Child {
  proc: ChildProcess;
  exited: Promise<number | null>;
}

export function spawnFloe(args: string[], logFile: string): Child {
  const fd = openSync(logFile, 'a');
  try {
    const proc = spawn(process.execPath, [FLOE_BIN, ...args], { stdio: ['ignore', fd, fd] });
    const exited = new Promise<number | null>((resolve) =>
      proc.once('exit', (code) => resolve(code)),
    );
    return { proc, exited };
  } finally {
    closeSync(fd);
  }
}

/** Starts `floe chain run` on `port` and waits for its health route. */
export async function startChain(dir: string, port: number, log: string): Promise<Child> {
  const child = spawnFloe(
    [
      'chain',
      'run',
      '--dir',
      dir,
      '--port',
      String(port),
      '--shards',
      '10',
      '--epoch-ms',
      '3600000',
    ],
    log,
  );
  await eventually(
    async () => {
      if (child.proc.exitCode !== null)
        throw new Error(`chain exited: ${readFileSync(log, 'utf8').slice(-2000)}`);
      try {
        return (await fetch(`http://127.0.0.1:${port}/v1/health`)).ok;
      } catch {
        return false;
      }
    },
    'the chain process',
    2400,
  );
  return child;
}

export interface NodeFiles {
  config: string;
  ready: string;
  log: string;
}

/** Writes a node's key and config files (src/node/config.ts format). */
export function writeNodeFiles(
  dir: string,
  n: {
    name: string;
    nodeId: string;
    port: number;
    secretKey: Uint8Array;
    capId?: string;
    operator?: string;
  },
  chainUrl: string,
  extra: Record<string, unknown> = {},
): NodeFiles {
  writeFileSync(`${dir}/${n.name}.key`, Buffer.from(n.secretKey).toString('hex') + '\n', {
    mode: 0o600,
  });
  const files = {
    config: `${dir}/${n.name}.json`,
    ready: `${dir}/${n.name}.ready.json`,
    log: `${dir}/${n.name}.log`,
  };
  writeFileSync(
    files.config,
    JSON.stringify({
      name: n.name,
      nodeId: n.nodeId,
      storagePath: `${n.name}-data`,
      protocolKeyFile: `${n.name}.key`,
      listen: { host: '127.0.0.1', port: n.port },
      chain: {
        kind: 'http',
        url: chainUrl,
        pollIntervalMs: 50,
        ...(n.operator ? { sender: n.operator } : {}),
      },
      ...(n.capId ? { capId: n.capId } : {}),
      recovery: { concurrency: 2, initialBackoffMs: 100, maxBackoffMs: 1000 },
      logLevel: 'info',
      readyFile: files.ready,
      ...extra,
    }),
  );
  return files;
}

/** Starts `floe node run` and waits for its ready file. */
export async function startNode(files: NodeFiles): Promise<Child> {
  rmSync(files.ready, { force: true });
  const child = spawnFloe(['node', 'run', '--config', files.config], files.log);
  await eventually(
    () => {
      if (child.proc.exitCode !== null)
        throw new Error(`node exited: ${readFileSync(files.log, 'utf8').slice(-2000)}`);
      return existsSync(files.ready);
    },
    `node ${files.config} to be ready`,
    2400,
  );
  return child;
}

/** kill -9, and wait for the exit. */
export async function killHard(child: Child): Promise<void> {
  child.proc.kill('SIGKILL');
  await child.exited;
}

/** SIGTERM, and wait for a clean exit code. */
export async function stopGracefully(child: Child): Promise<number | null> {
  if (child.proc.exitCode !== null) return child.proc.exitCode;
  child.proc.kill('SIGTERM');
  return child.exited;
}
