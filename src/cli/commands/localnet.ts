/**
 * `floe localnet up|down|status --dir DIR`: a whole Floe network on this machine. `up` keeps
 * running (printing where everything is) until SIGINT/SIGTERM or `floe localnet down`, then stops
 * nodes and chain; running `up` again on the same directory resumes with all data.
 */
import type { Command } from 'commander';
import { stopLocalnet, localnetStatus } from '../../localnet/down.ts';
import { startLocalnet } from '../../localnet/up.ts';
import type { LocalnetRecord } from '../../localnet/state.ts';
import { contextFrom } from '../context.ts';
import { untilSignal } from '../until-signal.ts';
import { parseDuration, registerLocalnetEpoch } from './localnet-epoch.ts';
import { parsePositiveInt } from './parse.ts';

export function registerLocalnet(program: Command): void {
  const localnet = program
    .command('localnet')
    .description('run a local network: embedded chain + storage nodes');
  localnet
    .command('up')
    .description('start (or resume) the network in DIR and keep it running until interrupted')
    .requiredOption('-d, --dir <dir>', 'directory of the network (created, or resumed if present)')
    .option('-n, --nodes <n>', 'storage nodes of a new network', parsePositiveInt('--nodes'), 10)
    .option('-s, --shards <n>', 'shards of a new network', parsePositiveInt('--shards'), 100)
    .option(
      '--epoch-duration <dur>',
      'advance epochs automatically after this long (e.g. 30s, 5m); default: only by `floe localnet epoch`',
      parseDuration('--epoch-duration'),
    )
    .option(
      '--challenge-interval <dur>',
      'nodes open a storage challenge round at most this often (e.g. 1m); default: no rounds',
      parseDuration('--challenge-interval'),
    )
    .action(
      async (
        opts: {
          dir: string;
          nodes: number;
          shards: number;
          epochDuration?: bigint;
          challengeInterval?: bigint;
        },
        cmd: Command,
      ) => {
        const ctx = contextFrom(cmd);
        const net = await startLocalnet({
          dir: opts.dir,
          nodes: opts.nodes,
          shards: opts.shards,
          epochDurationMs: opts.epochDuration ?? null,
          challengeIntervalMs: opts.challengeInterval ?? null,
          log: ctx.log,
        });
        const rounds =
          opts.challengeInterval === undefined
            ? ''
            : `\n  challenges: nodes open a round when due, at most every ${opts.challengeInterval} ms (floe challenge status)`;
        ctx.print(net.record, describe(net.record) + rounds);
        net.monitor(1000, (what, pid) =>
          ctx.log.warn(
            { process: what, pid },
            `${what} exited; not restarted (floe node run --config ... starts a node again)`,
          ),
        );
        await untilSignal();
        await net.stop();
      },
    );
  registerLocalnetEpoch(localnet);
  localnet
    .command('down')
    .description('stop the network in DIR (data is kept)')
    .requiredOption('-d, --dir <dir>', 'directory of the network')
    .action(async (opts: { dir: string }, cmd: Command) => {
      const ctx = contextFrom(cmd);
      const record = await stopLocalnet(opts.dir);
      ctx.print({ dir: record.dir, stopped: true }, `local network in ${record.dir} stopped`);
    });
  localnet
    .command('status')
    .description('show which processes of the network in DIR run and answer')
    .requiredOption('-d, --dir <dir>', 'directory of the network')
    .action(async (opts: { dir: string }, cmd: Command) => {
      const ctx = contextFrom(cmd);
      const s = await localnetStatus(opts.dir, globalThis.fetch);
      const lines = [
        `${s.dir}: ${s.running ? 'running' : 'stopped'}${s.supervisorPid ? ` (supervisor pid ${s.supervisorPid})` : ''}`,
        `  chain  ${s.chain.url}  ${s.chain.alive ? `pid ${s.chain.pid}` : 'down'}${s.epoch !== null ? `  epoch ${s.epoch}` : ''}  (${s.epochDurationMs ? `epochs every ${s.epochDurationMs} ms` : 'manual epochs'})`,
        ...s.nodes.map(
          (n) =>
            `  ${n.name.padEnd(8)} ${n.url}  ${n.alive ? `pid ${n.pid}` : 'down'}${n.alive && !n.healthy ? ' (not answering)' : ''}  ${n.shards} shards`,
        ),
        `  client config: ${s.clientConfig}`,
      ];
      ctx.print(s, lines.join('\n'));
    });
}

function describe(r: LocalnetRecord): string {
  return [
    `local network up in ${r.dir} (epoch ${r.epoch}, ${r.nShards} shards, ${r.nodes.length} nodes)`,
    `  epochs   ${r.epochDurationMs ? `advance every ${r.epochDurationMs} ms` : 'manual: floe localnet epoch --dir DIR'}`,
    `  chain    ${r.chain.url}  pid ${r.chain.pid}`,
    ...r.nodes.map(
      (n) => `  ${n.name.padEnd(8)} ${n.url}  pid ${n.pid}  ${n.shards.length} shards`,
    ),
    `  client config: ${r.clientConfig}`,
    `  try: floe store --config ${r.clientConfig} FILE; stop with Ctrl-C or floe localnet down --dir ${r.dir}`,
  ].join('\n');
}
