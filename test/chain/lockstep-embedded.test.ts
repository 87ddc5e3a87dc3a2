/**
 * Holds the embedded chain in lockstep with the Move sources: event names and fields, the Move
 * functions each transaction calls and the parameters it supplies, and every abort constant
 * the embedded chain raises (and, the other way round, every Move abort it must be able to raise).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MoveSourceReader, type MoveModule } from '../../src/chain/move-source.ts';
import { EVENT_FIELDS } from '../../src/chain/events.ts';
import { ABORT_CODES } from '../../src/chain/abort-codes.ts';
import { ARG_SPECS, OPS } from '../../src/chain/embedded/ops.ts';
import { epochOne, registerTestBlob } from './embedded/fixture.ts';

const ROOT = join(import.meta.dirname, '../..');
const IMPLIED = new Set([
  '&mut System',
  '&System',
  '&Clock',
  '&Random',
  '&mut TxContext',
  '&TxContext',
]);
/** Framework modules whose aborts the embedded chain reproduces (not in the package). */
const FRAMEWORK = new Set(['bcs', 'balance', 'group_ops', 'vm']);
/** Move functions with no transaction of their own, and why. */
const NO_TRANSACTION: Record<string, string> = {
  'system::create_system': 'done once at genesis (genesis.ts)',
  'system::version': 'a read',
  'storage_resource::fuse_periods': 'reached through fuse, which picks it',
  'storage_resource::fuse_amount': 'reached through fuse, which picks it',
  'storage_resource::destroy': 'deletes an object, no state of the system',
};
/** Move aborts the embedded chain cannot reach, and why. */
const UNREACHABLE: Record<string, string> = {
  'system::EWrongVersion': 'the embedded chain has one version of the System',
  'apportionment::ELengthMismatch': 'TypeScript candidates are (id, stake) pairs',
  'bls_aggregate::EKeysMismatch': 'keys are taken from the committee members at selection',
};

let modules: MoveModule[];
beforeAll(async () => {
  const reader = await MoveSourceReader.create();
  modules = reader.readPackage(join(ROOT, 'move/sources'));
});
const mod = (name: string) => modules.find((m) => m.name === name);

describe('embedded chain vs Move sources', () => {
  it('events: the same names and fields in the same order', () => {
    const events = mod('events');
    expect(events, 'move/sources/events/events.move').toBeDefined();
    const move = Object.fromEntries(
      events!.structs.filter((s) => !s.testOnly).map((s) => [s.name, s.fields.map((f) => f.name)]),
    );
    expect(move).toEqual(EVENT_FIELDS);
  });

  it('transactions: every Move call exists and gets the parameters Move declares', () => {
    for (const [name, op] of Object.entries(OPS)) {
      for (const c of op.move) {
        const fn = mod(c.module)?.functions.find((f) => f.name === c.fn);
        expect(fn, `${name}: ${c.module}::${c.fn}`).toBeDefined();
        expect(fn!.visibility === 'public' || fn!.entry, `${c.module}::${c.fn} callable`).toBe(
          true,
        );
        const supplied = fn!.params
          .filter((p) => !IMPLIED.has(p.type))
          .map((p) => p.name.replace(/^_/, ''));
        expect(supplied, `${name}: parameters of ${c.module}::${c.fn}`).toEqual(c.args);
        expect(Boolean(op.random), `${name} takes &Random`).toBe(
          fn!.params.some((p) => p.type === '&Random'),
        );
      }
    }
  });

  it('transactions: argument types agree with the Move parameter types', () => {
    const KIND: Record<string, string> = {
      u8: 'u8',
      u16: 'u16',
      u32: 'u32',
      u64: 'u64',
      u256: 'u256',
      bool: 'bool',
      'vector<u8>': 'bytes',
      String: 'string',
      ID: 'id',
    };
    const CERTIFICATE = new Set(['signature', 'signers_bitmap', 'message']);
    const camel = (n: string) => n.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    let compared = 0;
    for (const [name, op] of Object.entries(OPS)) {
      const spec = ARG_SPECS[name as keyof typeof ARG_SPECS] as Record<string, string>;
      for (const c of op.move) {
        if (c.module === 'params') continue; // built from the `params` argument, checked field by field
        const fn = mod(c.module)!.functions.find((f) => f.name === c.fn)!;
        for (const p of fn.params) {
          const kind = KIND[p.type];
          if (kind === undefined) continue;
          if (CERTIFICATE.has(p.name) && spec.certificate === 'certificate') continue;
          expect(
            spec[camel(p.name)]?.replace(/\?$/, ''),
            `${name}: ${c.module}::${c.fn}(${p.name}: ${p.type})`,
          ).toBe(kind);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('transactions: every public entry point of the package has one', () => {
    const called = new Set(
      Object.values(OPS).flatMap((op) => op.move.map((c) => `${c.module}::${c.fn}`)),
    );
    const objectApis = new Set(['storage_resource', 'blob']);
    const missing: string[] = [];
    for (const m of modules) {
      for (const f of m.functions) {
        if (f.testOnly || f.isTest || f.isMacro || !(f.visibility === 'public' || f.entry))
          continue;
        const first = f.params[0]?.type ?? '';
        const mutatesObject =
          objectApis.has(m.name) &&
          /^(&mut )?(Storage|Blob)$/.test(first) &&
          !first.startsWith('&Storage') &&
          !first.startsWith('&Blob');
        const touchesSystem =
          first === '&mut System' ||
          (first === '&System' && f.params.length > 1) ||
          first === '&AdminCap';
        if (!(mutatesObject || touchesSystem)) continue;
        const key = `${m.name}::${f.name}`;
        if (!called.has(key) && !(key in NO_TRANSACTION)) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });

  it('state: every field of the Move structs has its counterpart in the embedded state', async () => {
    const net = await epochOne();
    const blob = await registerTestBlob(net.user);
    const { stakedId } = await net.user.stake({ nodeId: net.nodes[0].nodeId, amount: 10n });
    await net.admin.openChallengeRound();
    const s = net.chain.current;
    const camel = (n: string) => n.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    const fieldsOf = (module: string, struct: string) => {
      const st = mod(module)?.structs.find((x) => x.name === struct);
      expect(st, `${module}::${struct}`).toBeDefined();
      return st!.fields.map((f) => camel(f.name)).filter((f) => f !== 'id');
    };
    /** Move fields missing from `sample` (with `rename` for fields stored under another name). */
    const missing = (
      module: string,
      struct: string,
      sample: object,
      rename: Record<string, string> = {},
    ) => fieldsOf(module, struct).filter((f) => !((rename[f] ?? f) in sample));
    const pool = s.pools.get(net.nodes[0].nodeId)!;
    expect(missing('pool', 'StakingPool', pool, { info: 'name' })).toEqual([]);
    expect(missing('node_info', 'StorageNodeInfo', pool)).toEqual([]);
    expect(missing('system', 'SystemStateV1', s, { committeeKeys: 'committee' })).toEqual([]);
    expect('keys' in s.committee).toBe(true);
    expect(missing('committee', 'Committee', s.committee)).toEqual([]);
    expect(missing('challenge_round', 'ChallengeRound', s.currentRound!)).toEqual([]);
    expect(missing('accounting', 'FutureAccounting', s.accounting)).toEqual([]);
    expect(missing('blob', 'Blob', s.blobs.get(blob.blobObjectId)!)).toEqual([]);
    expect(missing('storage_resource', 'Storage', s.blobs.get(blob.blobObjectId)!.storage)).toEqual(
      [],
    );
    expect(missing('staking_pool', 'StakedFloe', s.staked.get(stakedId)!)).toEqual([]);
    expect(missing('storage_node', 'StorageNodeCap', s.caps.get(net.nodes[0].capId)!)).toEqual([]);
    expect(missing('params', 'SystemParams', s.params)).toEqual([]);
    net.chain.close();
  });

  it('aborts: every abort the embedded chain raises is a Move constant, and every reachable one is raised', () => {
    const moveErrors = new Set(modules.flatMap((m) => m.errors.map((e) => `${m.name}::${e.name}`)));
    // The generated table agrees with the sources it was made from.
    expect(new Set(ABORT_CODES.map((c) => `${c.module}::${c.name}`))).toEqual(moveErrors);
    const dir = join(ROOT, 'src/chain/embedded');
    const raised = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      const consts = Object.fromEntries(
        [...text.matchAll(/const (\w+) = '([a-z_0-9]+)';/g)].map((m) => [m[1], m[2]]),
      );
      const resolve = (token: string) =>
        token.startsWith("'") ? token.slice(1, -1) : consts[token];
      for (const m of text.matchAll(
        /(?:,|abort\()\s*(\w+|'[a-z_0-9]+'),\s*'(E\w+|ArithmeticError)'/g,
      )) {
        const module = resolve(m[1]);
        expect(module, `${file}: module of ${m[2]} (${m[1]})`).toBeDefined();
        if (!FRAMEWORK.has(module!)) raised.add(`${module}::${m[2]}`);
      }
    }
    expect([...raised].filter((k) => !moveErrors.has(k))).toEqual([]);
    const notRaised = [...moveErrors].filter((k) => !raised.has(k) && !(k in UNREACHABLE));
    expect(notRaised).toEqual([]);
  });
});
