import type { Command } from 'commander';
import { registerChain } from './chain.ts';
import { registerBlobId } from './blob-id.ts';
import { registerDemo } from './demo.ts';

/**
 * Every subcommand registers itself here, one module per command group; the CLI only parses
 * arguments and calls library functions.
 */
export function registerCommands(program: Command): void {
  // Subcommand modules add themselves below.
  registerChain(program);
  registerBlobId(program);
  registerDemo(program);
}
