/**
 * `npm run bench:e2e`: a local network of real processes (10 storage nodes, 1000 shards, the
 * embedded chain), one client in this process. Store and read latency p50/p99 for 1 KiB, 1 MiB and
 * 64 MiB blobs and single-client write throughput, beside the issue's targets. References in the
 * same run: encoding the same blob alone (the floor of a store) and decoding + checking it from
 * in-memory slivers (the floor of a read); ratios are printed against them.
 *
 * Options: --quick (fewer runs, no 64 MiB), --nodes=N, --shards=N, --runs=N (1 KiB and 1 MiB),
 * --big-runs=N (64 MiB, default 3), --sizes=1KiB,1MiB,64MiB (only these cases).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FloeClient } from '../../src/client/client.ts';
import { loadClientConfig } from '../../src/client/config.ts';
import { connectChain } from '../../src/client/connect.ts';
import { decodeBlob } from '../../src/encoding/decode.ts';
import { encodeBlob } from '../../src/encoding/encode.ts';
import { createEncoderPool } from '../../src/encoding/parallel/pool.ts';
import { startLocalnet } from '../../src/localnet/up.ts';
import { createLogger } from '../../src/util/log.ts';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'] as const;
  }),
);
const quick = args.has('quick');
const nodes = Number(args.get('nodes') ?? 10);
const shards = Number(args.get('shards') ?? 1000);
const runs = Number(args.get('runs') ?? (quick ? 5 : 20));
const MiB = 1 << 20;

interface Case {
  label: string;
  size: number;
  runs: number;
}
const allCases: Case[] = [
  { label: '1 KiB', size: 1024, runs },
  { label: '1 MiB', size: MiB, runs },
  ...(quick ? [] : [{ label: '64 MiB', size: 64 * MiB, runs: Number(args.get('big-runs') ?? 3) }]),
];
// --sizes=1KiB,64MiB picks cases by label (spaces dropped).
const picked = args.get('sizes')?.split(',');
const cases = picked ? allCases.filter((c) => picked.includes(c.label.replace(' ', ''))) : allCases;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), n: s.length };
}

const ms = (x: number) => `${x.toFixed(0)} ms`;

async function main(): Promise<void> {
  const log = createLogger({ level: process.env.FLOE_LOG_LEVEL ?? 'warn', name: 'bench-e2e' });
  const dir = await mkdtemp(join(tmpdir(), 'floe-bench-e2e-'));
  console.log(
    `bench:e2e — ${nodes} node processes, ${shards} shards, ${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)}`,
  );
  const t0 = performance.now();
  const net = await startLocalnet({ dir, nodes, shards, log, startTimeoutMs: 180_000 });
  // The node processes are detached: stop them when the bench is interrupted.
  const onSignal = () => {
    void net
      .stop()
      .finally(() => rm(dir, { recursive: true, force: true }).finally(() => process.exit(130)));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  console.log(`local network up in ${ms(performance.now() - t0)} (${dir})`);
  const pool = createEncoderPool({ log });
  const config = await loadClientConfig(net.record.clientConfig);
  const chain = await connectChain(config.chain, log);
  const client = new FloeClient({
    chain: chain.client,
    fetch: globalThis.fetch,
    log,
    encoderPool: pool,
  });
  const rows: string[] = [];
  const breakdown: string[] = [];
  const failures: string[] = [];
  let throughput = 0;
  try {
    // Warm-up: committee, connections, workers, wasm engines.
    const warm = await client.store(new Uint8Array(randomBytes(4096)), { epochs: 1 });
    await client.read(warm.blobId);
    await client.drain(20_000);

    for (const c of cases) {
      const store: number[] = [];
      const read: number[] = [];
      const encodeRef: number[] = [];
      const decodeRef: number[] = [];
      const phases: Map<string, number>[] = [];
      for (let i = 0; i < c.runs; i++) {
        const data = new Uint8Array(randomBytes(c.size));
        let t = performance.now();
        const encoded = await encodeBlob(data, shards, { pool });
        encodeRef.push(performance.now() - t);
        t = performance.now();
        await decodeBlob(
          encoded.metadata,
          encoded.pairs.slice(0, encoded.params.k1).map((p) => p.primary),
          { check: 'default' },
        );
        decodeRef.push(performance.now() - t);

        t = performance.now();
        const marks = new Map<string, number>();
        let stored: Awaited<ReturnType<typeof client.store>>;
        try {
          stored = await client.store(data, {
            epochs: 1,
            // Phase boundaries from the client's own progress events: where a store's time goes.
            onProgress: (e) => {
              if (e.done === 0 || e.phase === 'confirm') marks.set(e.phase, performance.now() - t);
            },
          });
        } catch (err) {
          // A failed store is a result too: counted, and the run goes on.
          failures.push(`${c.label}: ${(err as Error).message}`);
          await client.drain(20_000);
          continue;
        }
        store.push(performance.now() - t);
        marks.set('end', performance.now() - t);
        phases.push(marks);
        // Stragglers' uploads finish (or are cut after 20 s) before the next measurement.
        await client.drain(20_000);
        t = performance.now();
        const back = await client.read(stored.blobId);
        read.push(performance.now() - t);
        if (back.length !== data.length) throw new Error('read back a different length');
      }
      const s = stats(store);
      const r = stats(read);
      const e = stats(encodeRef);
      const d = stats(decodeRef);
      rows.push(
        `| ${c.label} | ${ms(s.p50)} / ${ms(s.p99)} | ${ms(e.p50)} | ${(s.p50 / e.p50).toFixed(2)}x | ${ms(r.p50)} / ${ms(r.p99)} | ${ms(d.p50)} | ${(r.p50 / d.p50).toFixed(2)}x | ${c.runs} |`,
      );
      console.log(rows.at(-1));
      const at = (m: Map<string, number>, k: string) => m.get(k) ?? NaN;
      const span = (a: string, b: string) => stats(phases.map((m) => at(m, b) - at(m, a))).p50;
      breakdown.push(
        `| ${c.label} | ${ms(span('encode', 'register'))} | ${ms(span('register', 'upload'))} | ${ms(span('upload', 'confirm'))} | ${ms(span('confirm', 'certify'))} | ${ms(span('certify', 'end'))} |`,
      );
      if (c.size === 64 * MiB) throughput = (64 / s.p50) * 1000;
    }
    if (throughput === 0) {
      // --quick: throughput from back-to-back 1 MiB stores.
      const count = 8;
      const t = performance.now();
      for (let i = 0; i < count; i++)
        await client.store(new Uint8Array(randomBytes(MiB)), { epochs: 1 });
      throughput = (count / (performance.now() - t)) * 1000;
    }
  } finally {
    await client.drain(10_000);
    await pool.close();
    await chain.close();
    await net.stop();
    await rm(dir, { recursive: true, force: true });
  }
  console.log('');
  console.log(
    '| blob | store p50 / p99 | encode alone (p50) | store / encode | read p50 / p99 | decode+check alone (p50) | read / decode | runs |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log('');
  console.log("Where a store's time goes (p50 per phase, from the client's progress events):");
  console.log(
    '| blob | encode | reserve + register tx | upload until quorum | grace + aggregate | certify tx |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const r of breakdown) console.log(r);
  console.log('');
  console.log(
    `single-client write throughput: ${throughput.toFixed(2)} MiB/s${quick ? ' (1 MiB stores back to back)' : ' (64 MiB store, p50)'}`,
  );
  console.log(`failed stores: ${failures.length}${failures.map((f) => `\n  ${f}`).join('')}`);
  console.log(
    'targets (issue 7): 1 MiB store p50 < 1000 ms; 64 MiB written at >= 40 MiB/s; 1 MiB read p50 < 150 ms',
  );
  console.log(
    `load average at the end: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
}

await main();
