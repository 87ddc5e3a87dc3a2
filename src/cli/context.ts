import type { Command } from 'commander';
import { createLogger, type Logger } from '../util/log.ts';

/** What every subcommand gets: the root logger and how to print its result. */
export interface CliContext {
  log: Logger;
  json: boolean;
  /** Prints a result: the object as one JSON line with `--json`, else the human text. */
  print(result: unknown, human: string): void;
}

export function contextFrom(cmd: Command): CliContext {
  const opts = cmd.optsWithGlobals() as { json?: boolean; logLevel?: string };
  const json = Boolean(opts.json);
  const log = createLogger({ level: opts.logLevel ?? (json ? 'warn' : 'info'), name: 'floe' });
  return {
    log,
    json,
    print(result, human) {
      process.stdout.write(json ? JSON.stringify(result, jsonReplacer) + '\n' : human + '\n');
    },
  };
}

/** JSON that survives bigints and byte arrays. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}
