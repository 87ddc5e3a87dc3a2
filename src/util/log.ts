import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * Builds the one root logger of a process. Library code never creates its own: it takes a
 * logger (or a child with `epoch`, `blobId`, `shard`, `node` bindings) from its caller.
 */
export function createLogger(
  opts: { level?: string; name?: string; destination?: number } = {},
): Logger {
  const options: LoggerOptions = {
    level: opts.level ?? process.env.FLOE_LOG_LEVEL ?? 'info',
    base: opts.name ? { name: opts.name } : undefined,
  };
  // Logs go to stderr by default so that stdout stays clean for `--json` output.
  return pino(options, pino.destination({ fd: opts.destination ?? 2, sync: true }));
}

/** A logger that drops everything, for callers that did not pass one. */
export const silentLogger: Logger = pino({ level: 'silent' });
