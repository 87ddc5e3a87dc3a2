/**
 * `floe localnet up`: the embedded chain and every storage node as separate processes on
 * loopback. The first start of a directory creates the network (keys, registration, stake,
 * epoch 1); later starts resume it with all data, on the same ports. This process supervises but
 * never restarts a node that died: the user restarts it with `floe node run --config ...`.
 */
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { access, mkdir, rm } from 'node:fs/promises';
import type { Logger } from '../util/log.ts';
import { FloeError, InvalidInputError } from '../util/errors.ts';
import {
  connectLocalChain,
  fundAccount,
  startChainProcess,
  type LocalAccount,
} from './chain-process.ts';
import {
  applyChallengeInterval,
  applyEpochDuration,
  recordEpoch,
  startEpochDriver,
  type EpochDriver,
} from './epochs.ts';
import {
  addSyncReporting,
  planNodes,
  registerNetwork,
  setOpenRounds,
  type PlannedNode,
} from './genesis.ts';
import { freePort, isAlive, spawnFloe, stopProcess, waitForReadyFile } from './processes.ts';
import {
  localnetPaths,
  readRecord,
  writeJson,
  writeRecord,
  LocalnetNotFoundError,
  type LocalnetNode,
  type LocalnetRecord,
} from './state.ts';
import { readJsonFile } from './files.ts';

export interface LocalnetOptions {
  dir: string;
  /** Nodes of a new network. Default 10. Ignored when resuming. */
  nodes?: number;
  /** Shards of a new network. Default 100. Ignored when resuming. */
  shards?: number;
  log: Logger;
  randomBytes?: (n: number) => Uint8Array;
  /** How long each process may take to become ready. Default 60 s. */
  startTimeoutMs?: number;
  /**
   * Epoch length, ms: the supervisor starts an epoch change each time an epoch has lasted this
   * long (epochs.ts). Default null: manual epochs, changed only by `floe localnet epoch`.
   */
  epochDurationMs?: bigint | null;
  /**
   * Challenge rounds: the chain's `challenge_interval_ms` is set to this and the nodes open
   * rounds themselves (`challenges.openRounds`). Default null: nodes open no rounds.
   */
  challengeIntervalMs?: bigint | null;
}

export interface RunningLocalnet {
  readonly record: LocalnetRecord;
  /**
   * Checks every `intervalMs` which processes still run and calls `onExit` once for each that
   * stopped (a dead node is reported, never restarted). The timer keeps the process alive until
   * `stop()`.
   */
  monitor(intervalMs: number, onExit: (what: string, pid: number) => void): void;
  /** Stops every node still running, then the chain; the record keeps ports and IDs for `up`. */
  stop(): Promise<void>;
}

/** A network in this directory is already supervised by a live process. */
export class LocalnetRunningError extends FloeError {
  constructor(dir: string, pid: number) {
    super(
      'LOCALNET_RUNNING',
      `the local network in ${dir} is already running (supervisor pid ${pid})`,
    );
  }
}

/** Funds given to the client account of a new network (MIST). */
export const CLIENT_FUNDS = 10n ** 18n;

/**
 * Starts (or resumes) the network in `opts.dir` and returns once every node is listening.
 * @throws LocalnetRunningError; ProcessStartError if a process does not come up (the ones
 *   already started are stopped again).
 */
export async function startLocalnet(opts: LocalnetOptions): Promise<RunningLocalnet> {
  const nodes = opts.nodes ?? 10;
  const shards = opts.shards ?? 100;
  if (!Number.isInteger(nodes) || nodes < 1)
    throw new InvalidInputError(`--nodes must be a positive integer, got ${nodes}`);
  if (!Number.isInteger(shards) || shards < 4 || shards < nodes) {
    throw new InvalidInputError(`--shards must be an integer >= 4 and >= --nodes, got ${shards}`);
  }
  const epochDurationMs = opts.epochDurationMs ?? null;
  if (epochDurationMs !== null && (typeof epochDurationMs !== 'bigint' || epochDurationMs < 1n))
    throw new InvalidInputError(`--epoch-duration must be positive, got ${epochDurationMs}`);
  const challengeIntervalMs = opts.challengeIntervalMs ?? null;
  if (
    challengeIntervalMs !== null &&
    (typeof challengeIntervalMs !== 'bigint' || challengeIntervalMs < 1n)
  )
    throw new InvalidInputError(
      `--challenge-interval must be positive, got ${challengeIntervalMs}`,
    );
  const randomBytes = opts.randomBytes ?? ((n: number) => new Uint8Array(nodeRandomBytes(n)));
  const timeout = opts.startTimeoutMs ?? 60_000;
  const paths = localnetPaths(opts.dir);
  const log = opts.log.child({ localnet: paths.root });
  const previous = await readRecord(paths.root).catch((err: unknown) => {
    if (err instanceof LocalnetNotFoundError) return null;
    throw err;
  });
  if (
    previous?.supervisorPid &&
    previous.supervisorPid !== process.pid &&
    isAlive(previous.supervisorPid)
  ) {
    throw new LocalnetRunningError(paths.root, previous.supervisorPid);
  }
  await mkdir(paths.chainDir, { recursive: true });

  const started: number[] = [];
  let driver: EpochDriver | undefined;
  const stopAll = async () => {
    await driver?.stop();
    // Nodes first (they follow the chain), the chain last.
    await Promise.all(started.slice(1).map((pid) => stopProcess(pid)));
    if (started[0] !== undefined) await stopProcess(started[0]);
  };
  try {
    const chainPort = previous?.chain.port ?? (await freePort());
    const nShards = previous?.nShards ?? shards;
    const chain = await startChainProcess({
      dir: paths.chainDir,
      port: chainPort,
      nShards,
      log: paths.chainLog,
      timeoutMs: timeout,
    });
    started.push(chain.pid);

    let planned: Array<PlannedNode & { nodeId: string; capId: string }>;
    if (!previous && (await exists(paths.operator))) {
      throw new InvalidInputError(
        `${paths.root} holds a network whose first start did not finish; remove the directory and start again`,
        { code: 'INVALID_LOCALNET' },
      );
    }
    if (previous) {
      // Names and files follow the node's position, so the same plan comes back on resume.
      const again = planNodes(
        paths.root,
        previous.nodes.map((n) => n.port),
      );
      planned = again.map((p, i) => ({
        ...p,
        nodeId: previous.nodes[i].nodeId,
        capId: previous.nodes[i].capId,
      }));
      const operator = (await readJsonFile<LocalAccount>(paths.operator)).address;
      for (const node of planned) await addSyncReporting(node, operator);
    } else {
      const operator: LocalAccount = { address: randomAddress(randomBytes) };
      const client: LocalAccount = { address: randomAddress(randomBytes) };
      await writeJson(paths.operator, operator);
      await fundAccount(chain.url, operator.address, BigInt(nodes) * 10n ** 12n);
      await fundAccount(chain.url, client.address, CLIENT_FUNDS);
      const ports = await distinctFreePorts(nodes, chainPort);
      const operatorChain = await connectLocalChain(chain.url, operator.address, log);
      planned = await registerNetwork(
        operatorChain.client,
        planNodes(paths.root, ports),
        chain.url,
        randomBytes,
        log,
      );
      await operatorChain.close();
      await writeJson(paths.clientConfig, {
        chain: { kind: 'http', url: chain.url, sender: client.address },
      });
    }
    const operatorAddress = (await readJsonFile<LocalAccount>(paths.operator)).address;
    const operatorChain = await connectLocalChain(chain.url, operatorAddress, log);
    await applyEpochDuration(operatorChain.client, epochDurationMs);
    if (challengeIntervalMs !== null)
      await applyChallengeInterval(operatorChain.client, challengeIntervalMs);
    for (const node of planned) await setOpenRounds(node, challengeIntervalMs !== null);

    // Recorded before any node starts, so that a failed start can be resumed with `up`.
    const record = await buildRecord(
      paths,
      nShards,
      chain,
      chainPort,
      planned,
      planned.map(() => null),
      epochDurationMs,
      log,
    );
    await writeRecord({ ...record, supervisorPid: null });

    const pids = await Promise.all(
      planned.map(async (node) => {
        await rm(node.readyFile, { force: true });
        const pid = spawnFloe(['node', 'run', '--config', node.config], node.log);
        started.push(pid);
        await waitForReadyFile(`node ${node.name}`, pid, node.readyFile, node.log, timeout);
        return pid;
      }),
    );

    Object.assign(
      record,
      await buildRecord(paths, nShards, chain, chainPort, planned, pids, epochDurationMs, log),
    );
    await writeRecord(record);
    // Record writes of the driver are chained so that `stop()` can wait for the last one.
    let recordWrites: Promise<void> = Promise.resolve();
    if (epochDurationMs !== null) {
      driver = startEpochDriver({
        chain: operatorChain.client,
        durationMs: epochDurationMs,
        log,
        onEpoch: () => {
          recordWrites = recordWrites
            .then(() => recordEpoch(paths.root, operatorChain.client))
            .catch((err: unknown) => log.warn({ err }, 'could not record the epoch'));
        },
      });
    }
    log.debug({ nodes: record.nodes.length, nShards, chain: chain.url }, 'local network up');
    let stopped = false;
    let monitorTimer: NodeJS.Timeout | undefined;
    return {
      record,
      monitor(intervalMs, onExit) {
        const watched = new Map<string, number>([
          ['chain', chain.pid],
          ...planned.map((n, i): [string, number] => [n.name, pids[i]]),
        ]);
        monitorTimer = setInterval(() => {
          void (async () => {
            for (const [what, pid] of watched) {
              // A node restarted by hand is watched under its new pid.
              const node = planned.find((n) => n.name === what);
              const live = node
                ? await currentNodePid(node.readyFile, null)
                : isAlive(pid)
                  ? pid
                  : null;
              if (live !== null) watched.set(what, live);
              else {
                watched.delete(what);
                onExit(what, pid);
              }
            }
          })();
        }, intervalMs);
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        clearInterval(monitorTimer);
        await driver?.stop();
        await recordWrites;
        await operatorChain.close();
        const current = await readRecord(paths.root).catch(() => record);
        // A node the user restarted by hand has a new pid in its ready file.
        const livePids = await Promise.all(
          planned.map((n, i) => currentNodePid(n.readyFile, pids[i])),
        );
        await Promise.all(livePids.map((pid) => (pid === null ? undefined : stopProcess(pid))));
        await stopProcess(chain.pid);
        await writeRecord({
          ...current,
          supervisorPid: null,
          chain: { ...current.chain, pid: null },
          nodes: current.nodes.map((n) => ({ ...n, pid: null })),
        });
        log.debug('local network stopped');
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function buildRecord(
  paths: ReturnType<typeof localnetPaths>,
  nShards: number,
  chain: { url: string; pid: number },
  chainPort: number,
  planned: Array<PlannedNode & { nodeId: string; capId: string }>,
  pids: Array<number | null>,
  epochDurationMs: bigint | null,
  log: Logger,
): Promise<LocalnetRecord> {
  const operatorAddress = (await readJsonFile<LocalAccount>(paths.operator)).address;
  const view = await connectLocalChain(chain.url, operatorAddress, log);
  const [committee, epoch] = await Promise.all([
    view.client.getCommittee(),
    view.client.getEpoch(),
  ]);
  await view.close();
  const shardsOf = new Map(committee?.members.map((m) => [m.nodeId, m.shards]) ?? []);
  return {
    version: 1,
    dir: paths.root,
    nShards,
    supervisorPid: process.pid,
    chain: {
      url: chain.url,
      port: chainPort,
      pid: chain.pid,
      dir: paths.chainDir,
      log: paths.chainLog,
    },
    nodes: planned.map((n, i): LocalnetNode => ({
      name: n.name,
      nodeId: n.nodeId,
      capId: n.capId,
      url: n.url,
      port: n.port,
      pid: pids[i],
      shards: shardsOf.get(n.nodeId) ?? [],
      config: n.config,
      log: n.log,
    })),
    clientConfig: paths.clientConfig,
    epoch,
    epochDurationMs: epochDurationMs === null ? null : Number(epochDurationMs),
  };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** The pid serving a node now: its ready file's, else the one we started, if alive. */
export async function currentNodePid(
  readyFile: string,
  startedPid: number | null,
): Promise<number | null> {
  const ready = await readJsonFile<{ pid?: number }>(readyFile).catch(() => null);
  for (const pid of [ready?.pid, startedPid])
    if (typeof pid === 'number' && isAlive(pid)) return pid;
  return null;
}

async function distinctFreePorts(count: number, taken: number): Promise<number[]> {
  const ports = new Set<number>([taken]);
  while (ports.size < count + 1) ports.add(await freePort());
  ports.delete(taken);
  return [...ports];
}

function randomAddress(randomBytes: (n: number) => Uint8Array): string {
  return '0x' + Buffer.from(randomBytes(32)).toString('hex');
}
