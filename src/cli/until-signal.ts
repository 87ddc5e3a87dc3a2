/** Long-running commands (chain, node, daemon, localnet) wait here for the user to stop them. */

/**
 * Resolves on the first SIGINT or SIGTERM and then removes both listeners, so a later signal
 * falls back to Node's default handling. Never rejects.
 */
export function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
