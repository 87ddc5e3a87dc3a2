/**
 * Epochs of a local network on the command line: the `--epoch-duration` value of
 * `floe localnet up`, and `floe localnet epoch --dir DIR`, which advances the network by one
 * epoch by hand (src/localnet/epochs.ts).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { advanceLocalnetEpoch } from '../../localnet/epochs.ts';
import { contextFrom } from '../context.ts';
import { parsePositiveInt } from './parse.ts';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A parser for a duration like `1500ms`, `30s`, `2m` or `1h` (a bare number is milliseconds),
 * giving milliseconds as a bigint; it throws commander's usage error (exit code 2).
 */
export function parseDuration(name: string): (raw: string) => bigint {
  return (raw) => {
    const m = /^(\d+)(ms|s|m|h)?$/.exec(raw.trim());
    const ms = m ? Number(m[1]) * UNITS[m[2] ?? 'ms'] : NaN;
    if (!Number.isSafeInteger(ms) || ms < 1) {
      throw new InvalidArgumentError(
        `${name} must be a positive duration like 1500ms, 30s, 2m or 1h, got ${JSON.stringify(raw)}`,
      );
    }
    return BigInt(ms);
  };
}

/** Adds `epoch` to the `localnet` command group. */
export function registerLocalnetEpoch(localnet: Command): void {
  localnet
    .command('epoch')
    .description(
      'advance the running network in DIR by one epoch (waits for a change in progress first)',
    )
    .requiredOption('-d, --dir <dir>', 'directory of the network')
    .option('--no-wait', 'return once the change started, before the nodes finished it')
    .option(
      '--timeout <s>',
      'longest wait for a change in progress, seconds',
      parsePositiveInt('--timeout'),
      30,
    )
    .action(async (opts: { dir: string; wait: boolean; timeout: number }, cmd: Command) => {
      const ctx = contextFrom(cmd);
      // The wait for the nodes can take many seconds: say so on a terminal, not in --json output.
      if (!ctx.json && opts.wait && process.stderr.isTTY)
        process.stderr.write(
          `advancing the epoch of ${opts.dir}; waiting up to ${opts.timeout} s for the nodes ...\n`,
        );
      const r = await advanceLocalnetEpoch(opts.dir, ctx.log, {
        waitDone: opts.wait,
        timeoutMs: opts.timeout * 1000,
      });
      ctx.print(
        r,
        `epoch ${r.previous} -> ${r.epoch}${r.done ? ' (change done)' : ' (change started)'}`,
      );
    });
}
