import type { Command } from 'commander';

/**
 * Every subcommand registers itself here, one module per command group; the CLI only parses
 * arguments and calls library functions.
 */
export function registerCommands(_program: Command): void {
  // Subcommand modules add themselves below.
}
