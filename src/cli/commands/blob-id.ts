/** `floe blob-id FILE --shards N`: the Walrus blob ID of a file (RS2 encoding, computed locally). */
import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { InvalidInputError } from '../../util/errors.ts';
import { contextFrom } from '../context.ts';
import { computeBlobId } from '../../encoding/encode.ts';
import { createEncoderPool } from '../../encoding/parallel/pool.ts';
import { blobIdToU256 } from '../../encoding/blob-id.ts';
import { encodingParams, sliverSizes, symbolSizeFor } from '../../encoding/params.ts';

/**
 * Files at least this large are encoded on worker threads. Starting a worker (tsx and the wasm
 * kernels) costs ~0.5-1.3 s, more than the workers save on smaller blobs in a one-shot command.
 */
const PARALLEL_FROM = 64 << 20;

export function registerBlobId(program: Command): void {
  program
    .command('blob-id')
    .description('compute the Walrus blob ID of a file (URL-safe base64)')
    .argument('<file>', 'file to encode')
    .option('-n, --shards <n>', 'number of shards of the committee', '1000')
    .action(async (file: string, opts: { shards: string }, cmd: Command) => {
      const ctx = contextFrom(cmd);
      const shards = Number(opts.shards);
      const params = encodingParams(shards);
      const info = await stat(file).catch((cause: unknown) => {
        throw new InvalidInputError(`cannot read ${file}`, { cause, code: 'INVALID_FILE' });
      });
      if (!info.isFile())
        throw new InvalidInputError(`${file} is not a file`, { code: 'INVALID_FILE' });
      // Refuses (BlobTooLargeError) before reading a file that cannot be encoded anyway.
      symbolSizeFor(params, info.size);
      const data = new Uint8Array(await readFile(file));
      const log = ctx.log.child({ file, shards });
      const pool = data.length >= PARALLEL_FROM ? createEncoderPool({ log }) : undefined;
      try {
        const started = performance.now();
        const c = await computeBlobId(data, shards, { pool, log });
        log.info(
          { ms: Math.round(performance.now() - started), symbolSize: c.symbolSize },
          'computed blob ID',
        );
        ctx.print(
          {
            blobId: c.blobIdText,
            size: data.length,
            shards,
            rootHash: Buffer.from(c.rootHash).toString('hex'),
            symbolSize: c.symbolSize,
            encodedSliversSize: sliverSizes(params, c.symbolSize).allSlivers,
            blobIdU256: blobIdToU256(c.blobId),
          },
          c.blobIdText,
        );
      } finally {
        await pool?.close();
      }
    });
}
