/**
 * `floe demo` (what `npm start` runs): brings up a local network in a temporary folder (the
 * embedded chain and each storage node as their own processes), stores a sample blob, reads it
 * back and checks it, prints the blob ID and its certificate, and shuts everything down.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { FloeClient } from '../../client/client.ts';
import { loadClientConfig } from '../../client/config.ts';
import { connectChain } from '../../client/connect.ts';
import { FloeError } from '../../util/errors.ts';
import { startLocalnet } from '../../localnet/up.ts';
import { contextFrom } from '../context.ts';
import { ProgressBar } from '../progress.ts';
import { parseBytes, parsePositiveInt } from './parse.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'start a local network in a temp folder, store and read a sample blob, print its certificate, stop',
    )
    .option('-n, --nodes <n>', 'storage nodes', parsePositiveInt('--nodes'), 4)
    .option('-s, --shards <n>', 'shards', parsePositiveInt('--shards'), 16)
    .option(
      '--size <bytes>',
      'size of the generated sample (e.g. 1M)',
      parseBytes('--size'),
      256 * 1024,
    )
    .option('--keep', 'keep the network folder afterwards', false)
    .action(
      async (
        opts: { nodes: number; shards: number; size: number; keep: boolean },
        cmd: Command,
      ) => {
        const ctx = contextFrom(cmd);
        const dir = await mkdtemp(join(tmpdir(), 'floe-demo-'));
        const say = (line: string) => {
          if (!ctx.json) process.stderr.write(line + '\n');
        };
        say(`starting ${opts.nodes} storage nodes and the chain in ${dir} ...`);
        const net = await startLocalnet({
          dir,
          nodes: opts.nodes,
          shards: opts.shards,
          log: ctx.log,
        });
        const controller = new AbortController();
        const onSigint = () => controller.abort(new Error('interrupted'));
        process.once('SIGINT', onSigint);
        try {
          say('storing and reading a sample blob ...');
          const config = await loadClientConfig(net.record.clientConfig);
          const chain = await connectChain(config.chain, ctx.log);
          const client = new FloeClient({
            chain: chain.client,
            fetch: globalThis.fetch,
            log: ctx.log,
          });
          const sample = new Uint8Array(randomBytes(opts.size));
          const storeBar = new ProgressBar('sample');
          const stored = await client
            .store(sample, { epochs: 2, signal: controller.signal, onProgress: storeBar.listener })
            .finally(() => storeBar.done());
          const readBar = new ProgressBar('sample');
          const back = await client
            .read(stored.blobId, { signal: controller.signal, onProgress: readBar.listener })
            .finally(() => readBar.done());
          if (!Buffer.from(back).equals(Buffer.from(sample))) {
            throw new FloeError('DEMO_MISMATCH', 'the blob read back differs from the sample');
          }
          await client.drain(5000);
          const names = new Map(net.record.nodes.map((n) => [n.nodeId, n.name]));
          const cert = stored.certificate!;
          const signers = cert.signerNodeIds.map((id) => names.get(id) ?? id);
          ctx.print(
            {
              ...stored,
              readBack: true,
              network: { nodes: opts.nodes, shards: opts.shards, dir },
              signerNames: signers,
            },
            [
              `local network  ${opts.nodes} node processes, ${opts.shards} shards, chain ${net.record.chain.url}`,
              `stored         ${opts.size} random bytes`,
              `blob id        ${stored.blobId}`,
              `object id      ${stored.objectId}`,
              `certificate    epoch ${cert.certifiedEpoch}, signed by ${signers.length} of ${opts.nodes} nodes (${signers.join(', ')}), ${cert.signedWeight}/${cert.nShards} shards`,
              `stored until   epoch ${stored.endEpoch}`,
              `read back      ${back.length} bytes, identical, checked against the blob id`,
            ].join('\n'),
          );
          await chain.close();
        } finally {
          process.removeListener('SIGINT', onSigint);
          await net.stop();
          if (!opts.keep) await rm(dir, { recursive: true, force: true });
          say(
            opts.keep
              ? `local network stopped; its folder is kept: ${dir}`
              : 'local network stopped and removed',
          );
        }
      },
    );
}
