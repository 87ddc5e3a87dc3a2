/** `floe node run --config FILE`: one storage node, until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import { loadNodeConfig, readProtocolKey } from '../../node/config.ts';
import { connectNodeChain } from '../../node/chain-connect.ts';
import { StorageNode } from '../../node/node.ts';
import { createLogger } from '../../util/log.ts';
import { contextFrom } from '../context.ts';
import { untilSignal } from '../until-signal.ts';

export function registerNode(program: Command): void {
  const node = program.command('node').description('the storage node');
  node
    .command('run')
    .description('run a storage node from its config file until interrupted')
    .requiredOption('--config <file>', 'node config file (JSON, see src/node/config.ts)')
    .action(async (opts: { config: string }, cmd: Command) => {
      const ctx = contextFrom(cmd);
      const config = await loadNodeConfig(opts.config);
      const explicitLevel = (cmd.optsWithGlobals() as { logLevel?: string }).logLevel;
      const log = createLogger({ level: explicitLevel ?? config.logLevel, name: 'floe-node' });
      const key = await readProtocolKey(config.protocolKeyFile);
      let running: StorageNode;
      try {
        running = await StorageNode.start({
          config,
          chain: await connectNodeChain(config, log),
          secretKey: key,
          log,
          defaultMetrics: true,
        });
      } finally {
        key.fill(0);
      }
      ctx.print(
        { name: config.name, url: running.url, nodeId: config.nodeId, pid: process.pid },
        `storage node ${config.name} at ${running.url}`,
      );
      await untilSignal();
      log.info('shutting down');
      await running.close();
    });
}
