import { Command, CommanderError } from 'commander';
import { FloeError } from '../util/errors.ts';
import { jsonReplacer } from './context.ts';
import { registerCommands } from './commands/index.ts';

/** Exit codes a script can test. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  invalid: 4,
  unavailable: 5,
} as const;

/** A whole blob ID (43 characters of URL-safe base64) that starts with '-'. */
const DASHED_BLOB_ID = /^-[A-Za-z0-9_-]{42}$/;

/**
 * `argv` with every blob ID that starts with '-' moved behind a `--`: one blob ID in 64 does
 * (base64url has '-'), and commander would read it as an option and refuse the command. No
 * option of `floe` is 43 characters long, so nothing else is touched; an argv that already has a
 * `--` is left as it is.
 */
export function protectDashedBlobIds(argv: readonly string[]): string[] {
  if (argv.includes('--')) return [...argv];
  const dashed = argv.filter((a, i) => i >= 2 && DASHED_BLOB_ID.test(a));
  if (dashed.length === 0) return [...argv];
  return [...argv.filter((a, i) => i < 2 || !DASHED_BLOB_ID.test(a)), '--', ...dashed];
}

/** Runs the `floe` command line and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('floe')
    .description('Floe: a decentralized blob store on Sui')
    .option('--json', 'print results as JSON', false)
    .option('--log-level <level>', 'pino log level (trace, debug, info, warn, error, silent)')
    .exitOverride()
    .showHelpAfterError();
  registerCommands(program);
  try {
    await program.parseAsync(protectDashedBlobIds(argv));
    return ExitCode.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return ExitCode.ok;
      // Commander has told a person on stderr; a script that asked for JSON reads stdout.
      if (argv.includes('--json')) {
        const message = err.message.replace(/^error: /, '');
        process.stdout.write(JSON.stringify({ error: { code: 'USAGE', message } }) + '\n');
      }
      return ExitCode.usage;
    }
    return reportError(err, program.opts().json === true);
  }
}

function reportError(err: unknown, json: boolean): number {
  const code = err instanceof FloeError ? err.code : 'INTERNAL';
  const message = err instanceof Error ? err.message : String(err);
  if (json) {
    process.stdout.write(JSON.stringify({ error: { code, message } }, jsonReplacer) + '\n');
  } else {
    process.stderr.write(`floe: ${message}${code !== 'INTERNAL' ? ` [${code}]` : ''}\n`);
    if (!(err instanceof FloeError) && err instanceof Error && err.stack) {
      process.stderr.write(err.stack + '\n');
    }
  }
  return exitCodeFor(err);
}

/** Maps an error to a stable exit code; subsystems extend this through `exitCode` on their errors. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof FloeError) {
    const explicit = (err as FloeError & { exitCode?: number }).exitCode;
    if (typeof explicit === 'number') return explicit;
    if (err.code.endsWith('NOT_FOUND')) return ExitCode.notFound;
    if (err.code.startsWith('INVALID')) return ExitCode.invalid;
    if (err.retryable) return ExitCode.unavailable;
  }
  return ExitCode.failure;
}
