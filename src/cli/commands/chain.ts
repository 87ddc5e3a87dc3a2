/** `floe chain run --dir DIR --port P`: the embedded chain as a standalone loopback service. */
import type { Command } from 'commander';
import { InvalidInputError } from '../../util/errors.ts';
import { normalizeId } from '../../chain/ids.ts';
import { localParams, runChainServer } from '../../chain/embedded/run.ts';
import { contextFrom } from '../context.ts';
import { untilSignal } from '../until-signal.ts';

/** The admin of a local chain when none is given (a local network has no real keys). */
export const LOCAL_ADMIN = normalizeId('0xad');

export function registerChain(program: Command): void {
  const chain = program
    .command('chain')
    .description('the embedded chain (local networks and tests)');
  chain
    .command('run')
    .description('run the embedded chain over loopback HTTP until interrupted')
    .requiredOption(
      '--dir <dir>',
      'directory holding the chain (created if missing; reopened if present)',
    )
    .option('--port <port>', 'TCP port (0 = any free port)', '9300')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--shards <n>', 'number of shards of a new chain', '10')
    .option('--epoch-ms <ms>', 'epoch duration of a new chain, ms', '60000')
    .option('--admin <address>', 'owner of the AdminCap of a new chain', LOCAL_ADMIN)
    .action(
      async (
        opts: {
          dir: string;
          port: string;
          host: string;
          shards: string;
          epochMs: string;
          admin: string;
        },
        cmd: Command,
      ) => {
        const ctx = contextFrom(cmd);
        const port = Number(opts.port);
        const shards = Number(opts.shards);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new InvalidInputError(`bad --port ${opts.port}`);
        if (!Number.isInteger(shards) || shards < 4 || shards > 65535)
          throw new InvalidInputError(`bad --shards ${opts.shards}`);
        if (!/^\d+$/.test(opts.epochMs))
          throw new InvalidInputError(`bad --epoch-ms ${opts.epochMs}`);
        const running = await runChainServer({
          dir: opts.dir,
          port,
          host: opts.host,
          params: localParams(shards, { epochDurationMs: BigInt(opts.epochMs) }),
          admin: normalizeId(opts.admin, '--admin'),
          log: ctx.log,
        });
        const s = running.chain.current;
        ctx.print(
          {
            url: running.url,
            systemId: s.systemId,
            adminCapId: s.adminCapId,
            admin: s.admin,
            epoch: s.epoch,
          },
          `embedded chain at ${running.url} (epoch ${s.epoch}, ${s.params.nShards} shards, data in ${opts.dir})`,
        );
        await untilSignal();
        await running.close();
      },
    );
}
