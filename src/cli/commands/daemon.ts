/**
 * `floe daemon [--bind HOST:PORT] [--max-body BYTES]`: the publisher/aggregator. Serves
 * `PUT /v1/blobs?epochs=N[&deletable=true]` and `GET /v1/blobs/{id}` until SIGINT or SIGTERM,
 * then closes the server (finishing requests in flight) and exits 0.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { buildServer, type BlobService } from '../../daemon/server.ts';
import { contextFrom } from '../context.ts';
import { untilSignal } from '../until-signal.ts';
import { openClient, withConfigOption } from './client-setup.ts';
import { parseBytes, parsePositiveInt } from './parse.ts';

/** How long a daemon read waits out a challenge round: 500 ms doubling to 8 s, 8 waits (~40 s). */
const DAEMON_CHALLENGE_WAIT = { attempts: 8, initialMs: 500, maxMs: 8000 };

export function registerDaemon(program: Command): void {
  withConfigOption(
    program
      .command('daemon')
      .description('run the HTTP publisher/aggregator (PUT /v1/blobs, GET /v1/blobs/{id})')
      .option('-b, --bind <host:port>', 'address to listen on', parseBind, {
        host: '127.0.0.1',
        port: 31415,
      })
      .option(
        '--max-body <bytes>',
        'largest blob accepted by PUT (e.g. 64M)',
        parseBytes('--max-body'),
        64 * 1024 * 1024,
      )
      .option(
        '--max-epochs <n>',
        'largest epochs a PUT may ask for',
        parsePositiveInt('--max-epochs'),
        1000,
      ),
  ).action(
    async (
      opts: {
        bind: { host: string; port: number };
        maxBody: number;
        maxEpochs: number;
        config?: string;
      },
      cmd: Command,
    ) => {
      const ctx = contextFrom(cmd);
      const { client, close } = await openClient(ctx, opts.config);
      // An HTTP caller (and any proxy in front) will not wait the library's ~9 minutes for a
      // challenge round to end: reads here give up after ~40 s with a retryable 503.
      const readOpts = { challengeWait: DAEMON_CHALLENGE_WAIT };
      const service: BlobService = {
        store: (data, o) => client.store(data, o),
        read: (blobId, o) => client.read(blobId, { ...o, ...readOpts }),
        readStream: (blobId, o) => client.readStream(blobId, { ...o, ...readOpts }),
      };
      const app = buildServer({
        service,
        log: ctx.log,
        maxBodyBytes: opts.maxBody,
        maxEpochs: opts.maxEpochs,
      });
      const url = await app.listen({ host: opts.bind.host, port: opts.bind.port });
      ctx.print({ url }, `floe daemon listening on ${url}`);
      await untilSignal();
      await app.close();
      await close();
    },
  );
}

function parseBind(raw: string): { host: string; port: number } {
  const m = /^(.*):(\d+)$/.exec(raw);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !m[1] || port > 65535)
    throw new InvalidArgumentError(`--bind must be HOST:PORT, got ${JSON.stringify(raw)}`);
  return { host: m[1].replace(/^\[(.*)\]$/, '$1'), port };
}
