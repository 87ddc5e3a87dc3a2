/**
 * `npm run bench:encode`: Floe's encoder against the official `@mysten/walrus-wasm` in the same run,
 * for 1 MiB and 64 MiB blobs at n = 100 and n = 1000: encode, decode from systematic slivers,
 * decode from repair slivers, read path (decode + check), peak memory. Each side runs in its own
 * child process so that peak RSS is honest (for 4 MiB and up Floe also runs once more in a child
 * of its own without workers, for the one-thread peak). Peak memory is reported twice: the
 * process's peak RSS (runtime, input blob and everything the encoder keeps or touches), and the
 * encoder's share of it, peak RSS minus the RSS just before the first encode (engines loaded,
 * input allocated), measured the same way on both sides. Prints medians and ratios, then
 * compact-metadata sizes.
 *
 * Options: --quick (1 MiB cases only, fewer runs), --only=SIZE_MIB:N (one case, e.g. --only=64:1000).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bytes } from './lib.ts';

const run = promisify(execFile);
const self = fileURLToPath(import.meta.url);

type Side = 'floe' | 'floe-one-thread' | 'walrus-wasm';
interface Case {
  mib: number;
  n: number;
}
interface ChildResult {
  encodeMs: number;
  /** CPU time of one encode, all threads of the process (load-insensitive, unlike wall time). */
  encodeCpuMs: number;
  encodeOneThreadMs?: number;
  decodeSystematicMs: number;
  decodeRepairMs: number;
  readPathMs: number;
  peakRssMiB: number;
  /** RSS right before the first encode (engines loaded, workers started, input allocated). */
  rssBeforeMiB: number;
  blobId: string;
}

/** What the one-thread Floe child measures: one encode, its peak. */
type MemoryResult = Pick<ChildResult, 'peakRssMiB' | 'rssBeforeMiB' | 'blobId'>;

/** Median wall time of `runs` calls (after `warm` unmeasured calls). */
async function median(
  runs: number,
  fn: () => Promise<unknown> | unknown,
  warm = 0,
): Promise<number> {
  for (let i = 0; i < warm; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

/** CPU milliseconds (user + system, all threads) that `fn` costs. */
async function cpuMs(fn: () => Promise<unknown> | unknown): Promise<number> {
  const before = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000;
}

function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** The same pseudo-random blob on every side, so that their blob IDs must agree. */
function blobOf(c: Case): Uint8Array {
  return bytes(c.mib << 20, c.mib * 10_000 + c.n);
}

function rssMiB(): number {
  return process.memoryUsage.rss() / (1 << 20);
}

/** Floe's peak memory for one encode on the calling thread (no pool), in a process of its own. */
async function childFloeOneThread(c: Case): Promise<MemoryResult> {
  const { encodeBlob } = await import('../../src/encoding/encode.ts');
  await import('../../src/encoding/decode.ts');
  await encodeBlob(new Uint8Array(1000), 10);
  const data = blobOf(c);
  const rssBeforeMiB = rssMiB();
  const first = await encodeBlob(data, c.n);
  return { peakRssMiB: peakRssMiB(), rssBeforeMiB, blobId: first.blobIdText };
}

async function childFloe(c: Case, runs: number): Promise<ChildResult> {
  const { encodeBlob } = await import('../../src/encoding/encode.ts');
  const { decodeBlob } = await import('../../src/encoding/decode.ts');
  const { createEncoderPool } = await import('../../src/encoding/parallel/pool.ts');
  // As a long-lived process (client, publisher) would: a started pool from 4 MiB up, this thread below.
  const pool =
    c.mib >= 4 ? createEncoderPool({ size: Math.min(2, availableParallelism()) }) : undefined;
  // Start the workers and load the engines (here and in the workers) before measuring.
  await pool?.warm();
  await encodeBlob(new Uint8Array(1000), 10);
  const data = blobOf(c);
  const rssBeforeMiB = rssMiB();
  const first = await encodeBlob(data, c.n, { pool });
  const peak = peakRssMiB();
  const encodeMs = await median(runs - 1, () => encodeBlob(data, c.n, { pool }));
  const encodeCpuMs = await cpuMs(() => encodeBlob(data, c.n, { pool }));
  const encodeOneThreadMs =
    pool === undefined ? encodeMs : await median(1, () => encodeBlob(data, c.n));
  const { k1 } = first.params;
  const systematic = first.pairs.slice(0, k1).map((p) => p.primary);
  const repair = first.pairs.slice(c.n - k1).map((p) => p.primary);
  const decodeSystematicMs = await median(runs, () =>
    decodeBlob(first.metadata, systematic, { check: 'none' }),
  );
  const decodeRepairMs = await median(runs, () =>
    decodeBlob(first.metadata, repair, { check: 'none' }),
  );
  const readPathMs = await median(runs, () =>
    decodeBlob(first.metadata, repair, { check: 'default', blobId: first.blobId }),
  );
  await pool?.close();
  return {
    encodeMs,
    encodeCpuMs,
    encodeOneThreadMs,
    decodeSystematicMs,
    decodeRepairMs,
    readPathMs,
    peakRssMiB: peak,
    rssBeforeMiB,
    blobId: first.blobIdText,
  };
}

async function childWalrus(c: Case, runs: number): Promise<ChildResult> {
  const { BlobEncoder } = await import('@mysten/walrus-wasm');
  const enc = new BlobEncoder(c.n);
  const data = blobOf(c);
  const f = Math.floor((c.n - 1) / 3);
  const k1 = c.n - 2 * f;
  const k2 = c.n - f;
  const s0 = Math.ceil(data.length / (k1 * k2));
  const s = s0 + (s0 & 1);
  const uleb = (v: number) => (v < 128 ? 1 : v < 16384 ? 2 : v < 2097152 ? 3 : 4);
  const primarySize = uleb(k2 * s) + k2 * s + 4;
  const secondarySize = uleb(k1 * s) + k1 * s + 4;
  const encode = () => {
    const primary = Array.from({ length: c.n }, () => new Uint8Array(primarySize));
    const secondary = Array.from({ length: c.n }, () => new Uint8Array(secondarySize));
    const result = enc.encode(data, primary, secondary) as [{ blob_id: number[] }];
    return { primary, blobId: Uint8Array.from(result[0].blob_id) };
  };
  const rssBeforeMiB = rssMiB();
  const first = encode();
  const peak = peakRssMiB();
  const encodeMs = await median(runs - 1, encode);
  const encodeCpuMs = await cpuMs(encode);
  const systematic = first.primary.slice(0, k1);
  const repair = first.primary.slice(c.n - k1);
  const out = new Uint8Array(data.length);
  const decode = (slivers: Uint8Array[]) =>
    enc.decode(first.blobId, BigInt(data.length), slivers, out);
  const decodeSystematicMs = await median(runs, () => decode(systematic));
  const decodeRepairMs = await median(runs, () => decode(repair));
  // The SDK's read path: decode, then re-encode the result and compare blob IDs.
  const readPathMs = await median(runs, () => {
    decode(repair);
    const id = Uint8Array.from((enc.compute_metadata(out) as [number[]])[0]);
    if (Buffer.compare(id, first.blobId) !== 0) throw new Error('walrus-wasm read check failed');
  });
  return {
    encodeMs,
    encodeCpuMs,
    decodeSystematicMs,
    decodeRepairMs,
    readPathMs,
    peakRssMiB: peak,
    rssBeforeMiB,
    blobId: Buffer.from(first.blobId).toString('base64url'),
  };
}

async function compactSizes(): Promise<string[]> {
  const { encodeBlob } = await import('../../src/encoding/encode.ts');
  const { metadataWithIdToBcs } = await import('../../src/encoding/metadata.ts');
  const { compactMetadataFor, compactMetadataToBcs } =
    await import('../../src/encoding/compact-metadata.ts');
  const lines = [
    '| n | full metadata (BCS, with ID) | compact, 1 pair | compact, n/100 pairs | compact, n/10 pairs |',
    '|---|---|---|---|---|',
  ];
  for (const n of [100, 1000]) {
    const blob = await encodeBlob(new Uint8Array(randomBytes(4096)), n);
    const full = metadataWithIdToBcs(blob.blobId, blob.metadata).length;
    const sizeFor = async (pairs: number) => {
      const picked = Array.from({ length: pairs }, (_, i) => Math.floor((i * n) / pairs));
      const bytes = compactMetadataToBcs(
        await compactMetadataFor(blob.blobId, blob.metadata, picked),
      ).length;
      return `${bytes} B (${((100 * bytes) / full).toFixed(1)}%)`;
    };
    lines.push(
      `| ${n} | ${full} B | ${await sizeFor(1)} | ${await sizeFor(Math.max(1, n / 100))} | ${await sizeFor(n / 10)} |`,
    );
  }
  return lines;
}

async function parent(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  let cases: Case[] = quick
    ? [
        { mib: 1, n: 100 },
        { mib: 1, n: 1000 },
      ]
    : [
        { mib: 1, n: 100 },
        { mib: 1, n: 1000 },
        { mib: 64, n: 100 },
        { mib: 64, n: 1000 },
      ];
  if (only !== undefined) {
    const [mib, n] = only.split(':').map(Number);
    cases = [{ mib, n }];
  }
  process.stdout.write(
    `bench:encode on ${availableParallelism()} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  const table = ['| blob | n | metric | Floe | walrus-wasm | ratio |', '|---|---|---|---|---|---|'];
  for (const c of cases) {
    const runs = quick ? 3 : c.mib >= 64 ? 3 : 5;
    const results = {} as Record<Side, ChildResult>;
    const sides: Side[] = [
      'walrus-wasm',
      'floe',
      ...(c.mib >= 4 ? ['floe-one-thread' as const] : []),
    ];
    for (const side of sides) {
      const { stdout } = await run(
        process.execPath,
        [...process.execArgv, self, '--child', side, String(c.mib), String(c.n), String(runs)],
        {
          maxBuffer: 1 << 20,
        },
      );
      results[side] = JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult;
    }
    const f = results.floe;
    const w = results['walrus-wasm'];
    const one = results['floe-one-thread'] as MemoryResult | undefined;
    for (const r of [f, one])
      if (r !== undefined && r.blobId !== w.blobId)
        throw new Error('blob IDs differ between sides');
    const label = `${c.mib} MiB`;
    const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;
    const faster = (a: number, b: number) => `${(b / a).toFixed(2)}x faster`;
    const mode = c.mib >= 4 ? '2 workers' : '1 thread';
    table.push(
      `| ${label} | ${c.n} | encode (${mode}) | ${ms(f.encodeMs)} (${((c.mib * 1000) / f.encodeMs).toFixed(1)} MiB/s) | ${ms(w.encodeMs)} (${((c.mib * 1000) / w.encodeMs).toFixed(1)} MiB/s) | ${faster(f.encodeMs, w.encodeMs)} |`,
    );
    if (c.mib >= 4)
      table.push(
        `| ${label} | ${c.n} | encode (1 thread) | ${ms(f.encodeOneThreadMs!)} | ${ms(w.encodeMs)} | ${faster(f.encodeOneThreadMs!, w.encodeMs)} |`,
      );
    table.push(
      `| ${label} | ${c.n} | encode CPU time (all threads) | ${ms(f.encodeCpuMs)} | ${ms(w.encodeCpuMs)} | ${(w.encodeCpuMs / f.encodeCpuMs).toFixed(2)}x less |`,
    );
    table.push(
      `| ${label} | ${c.n} | decode, systematic | ${ms(f.decodeSystematicMs)} | ${ms(w.decodeSystematicMs)} | ${faster(f.decodeSystematicMs, w.decodeSystematicMs)} |`,
    );
    table.push(
      `| ${label} | ${c.n} | decode, repair slivers | ${ms(f.decodeRepairMs)} | ${ms(w.decodeRepairMs)} | ${faster(f.decodeRepairMs, w.decodeRepairMs)} |`,
    );
    table.push(
      `| ${label} | ${c.n} | read path (repair decode + check) | ${ms(f.readPathMs)} | ${ms(w.readPathMs)} | ${faster(f.readPathMs, w.readPathMs)} |`,
    );
    const mem = (r: MemoryResult, how: string) => {
      const own = r.peakRssMiB - r.rssBeforeMiB;
      const wOwn = w.peakRssMiB - w.rssBeforeMiB;
      table.push(
        `| ${label} | ${c.n} | peak RSS (${how}) | ${r.peakRssMiB.toFixed(0)} MiB | ${w.peakRssMiB.toFixed(0)} MiB | ${(r.peakRssMiB / w.peakRssMiB).toFixed(2)}x |`,
        `| ${label} | ${c.n} | peak RSS above RSS before encode (${how}) | ${own.toFixed(0)} MiB | ${wOwn.toFixed(0)} MiB | ${(own / wOwn).toFixed(2)}x |`,
      );
    };
    mem(f, mode);
    if (one !== undefined) mem(one, '1 thread');
    process.stdout.write(table.slice(c.mib >= 4 ? -11 : -8).join('\n') + '\n');
  }
  process.stdout.write(
    '\n' +
      table.join('\n') +
      '\n\nCompact per-node metadata vs full metadata:\n' +
      (await compactSizes()).join('\n') +
      '\n',
  );
}

if (process.argv[2] === '--child') {
  const [side, mib, n, runs] = process.argv.slice(3);
  const c = { mib: Number(mib), n: Number(n) };
  const result =
    side === 'floe'
      ? await childFloe(c, Number(runs))
      : side === 'floe-one-thread'
        ? await childFloeOneThread(c)
        : await childWalrus(c, Number(runs));
  process.stdout.write(JSON.stringify(result) + '\n');
} else {
  await parent();
}
