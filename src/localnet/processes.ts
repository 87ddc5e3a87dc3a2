/**
 * Child processes of a local network: each is `floe <args>` run by the same Node binary and tsx
 * loader as this process, in its own process group (so a Ctrl-C on the terminal reaches only the
 * supervisor, which then stops them in order), with stdout and stderr appended to a log file.
 */
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { FloeError, RetryableError } from '../util/errors.ts';

/** The `bin/floe.mjs` entry of this checkout. */
export const FLOE_BIN = fileURLToPath(new URL('../../bin/floe.mjs', import.meta.url));

/** A child did not become ready (it exited, or its ready file never appeared). */
export class ProcessStartError extends FloeError {
  constructor(what: string, detail: string) {
    super('PROCESS_START_FAILED', `${what} did not start: ${detail}`);
  }
}

/** A process did not exit after SIGTERM and SIGKILL. */
export class ProcessStopError extends RetryableError {
  constructor(pid: number) {
    super('PROCESS_STOP_FAILED', `process ${pid} did not exit`);
  }
}

/**
 * Starts `floe ...args` detached, logging to `logFile`. Returns its pid; the caller tracks it.
 * The child is unref'd so the supervisor can exit while children keep running when asked to.
 */
export function spawnFloe(
  args: string[],
  logFile: string,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(process.execPath, [FLOE_BIN, ...args], {
      detached: true,
      stdio: ['ignore', fd, fd],
      env,
    });
    child.unref();
    if (child.pid === undefined)
      throw new ProcessStartError(`floe ${args[0]}`, 'spawn returned no pid');
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** Whether a process with this pid exists (and we may signal it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Waits until `readyFile` holds JSON (written by the child once it listens), the process exits
 * (-> ProcessStartError with the log's tail), or `timeoutMs` passes.
 */
export async function waitForReadyFile<T>(
  what: string,
  pid: number,
  readyFile: string,
  logFile: string,
  timeoutMs: number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return JSON.parse(await readFile(readyFile, 'utf8')) as T;
    } catch (err) {
      // Not written yet (ENOENT) or half written (SyntaxError): keep waiting.
      if (!(err instanceof SyntaxError) && (err as NodeJS.ErrnoException).code !== 'ENOENT')
        throw err;
    }
    if (!isAlive(pid))
      throw new ProcessStartError(what, `exited; log ${logFile}:\n${await tail(logFile)}`);
    if (Date.now() > deadline)
      throw new ProcessStartError(what, `not ready after ${timeoutMs} ms; log ${logFile}`);
    await sleep(50);
  }
}

/** Waits until an HTTP GET of `url` answers (any status), or throws like `waitForReadyFile`. */
export async function waitForHttp(
  what: string,
  pid: number,
  url: string,
  logFile: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      // Not listening yet.
    }
    if (!isAlive(pid))
      throw new ProcessStartError(what, `exited; log ${logFile}:\n${await tail(logFile)}`);
    if (Date.now() > deadline)
      throw new ProcessStartError(what, `not answering at ${url} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Sends SIGTERM, waits up to `graceMs` for the exit, then SIGKILL. Resolves once the process is
 * gone (at once if it already was).
 * @throws ProcessStopError if it survives SIGKILL.
 */
export async function stopProcess(pid: number, graceMs = 5000): Promise<void> {
  if (!signal(pid, 'SIGTERM')) return;
  if (await waitExit(pid, graceMs)) return;
  if (!signal(pid, 'SIGKILL')) return;
  if (!(await waitExit(pid, 2000))) throw new ProcessStopError(pid);
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

async function waitExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return !isAlive(pid);
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function tail(file: string, lines = 20): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
