/**
 * `floe demo` (what `npm start` runs until the local network exists): encodes a generated sample
 * for n shards, loses 2f slivers, decodes and checks it, and rebuilds a lost sliver from
 * recovery symbols, printing the blob ID and sizes.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Command } from 'commander';
import { FloeError } from '../../util/errors.ts';
import { contextFrom } from '../context.ts';
import { decodeBlob } from '../../encoding/decode.ts';
import { encodeBlob } from '../../encoding/encode.ts';
import { prepareRecoverySource, recoverSliver } from '../../encoding/recovery.ts';
import { sliverSizes } from '../../encoding/params.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('encode a sample blob, lose 2f slivers, decode and check it, rebuild a lost sliver')
    .option('-n, --shards <n>', 'number of shards', '10')
    .option('--size <bytes>', 'size of the generated sample', '65536')
    .action(async (opts: { shards: string; size: string }, cmd: Command) => {
      const ctx = contextFrom(cmd);
      const shards = Number(opts.shards);
      const size = Number(opts.size);
      if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`--size must be a byte count, got ${opts.size}`);
      const log = ctx.log.child({ shards });
      const data = new Uint8Array(randomBytes(size));

      const blob = await encodeBlob(data, shards, { log });
      const { f, k1 } = blob.params;
      const encoded = sliverSizes(blob.params, blob.symbolSize).allSlivers;
      log.info({ blobId: blob.blobIdText, size, encoded, symbolSize: blob.symbolSize }, 'encoded sample');

      // Lose 2f primary slivers at random; any k1 = n - 2f of them still give the blob back.
      const order = [...blob.pairs.keys()];
      for (let i = order.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      const lost = order.slice(0, 2 * f).sort((a, b) => a - b);
      const kept = blob.pairs.filter((p) => !lost.includes(p.pairIndex)).map((p) => p.primary);
      const decoded = await decodeBlob(blob.metadata, kept, { blobId: blob.blobId });
      if (!Buffer.from(decoded).equals(Buffer.from(data))) throw new FloeError('DEMO_MISMATCH', 'decoded bytes differ from the sample');
      log.info({ lost, used: k1 }, 'decoded from the remaining primary slivers and checked against the metadata');

      // Rebuild the first lost primary sliver from the other nodes' secondary slivers.
      const target = lost[0] ?? 0;
      const symbols = [];
      for (const pair of blob.pairs) {
        if (pair.secondary.index === target) continue;
        const source = await prepareRecoverySource(blob.params, blob.symbolSize, pair.secondary);
        symbols.push(source.symbol(target));
      }
      const rebuilt = await recoverSliver(blob.metadata, 'primary', target, symbols);
      if (rebuilt.kind !== 'sliver') throw new FloeError('DEMO_MISMATCH', 'recovery found the sample inconsistent');
      log.info({ sliver: target, symbols: blob.params.k2 }, 'rebuilt a lost primary sliver from recovery symbols');

      const result = { blobId: blob.blobIdText, size, shards, symbolSize: blob.symbolSize, encodedSize: encoded, lostSlivers: lost, decoded: true, rebuiltSliver: target };
      ctx.print(
        result,
        [
          `blob ID      ${blob.blobIdText}`,
          `sample       ${size} bytes, ${shards} shards (f = ${f}, k1 = ${k1}, k2 = ${blob.params.k2}), symbol ${blob.symbolSize} bytes`,
          `encoded      ${encoded} bytes of slivers (${(encoded / Math.max(1, size)).toFixed(2)}x)`,
          `lost         primary slivers ${lost.join(', ')}; decoded and checked from the other ${shards - lost.length}`,
          `recovered    primary sliver ${target} from ${blob.params.k2} recovery symbols`,
        ].join('\n'),
      );
    });
}
