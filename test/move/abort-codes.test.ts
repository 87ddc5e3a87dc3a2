/**
 * The abort-code table is generated from the Move sources and committed; this fails when it is
 * stale, when a module's codes are not numbered 0..k-1, or when a Move test pins an abort code
 * that does not exist.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ABORT_CODES, abortCodeByCode, abortCodeByName } from '../../src/chain/abort-codes.ts';
import { MoveSourceReader, type MoveModule } from '../../src/chain/move-source.ts';
import { ABORT_CODES_PATH, renderAbortCodes } from '../../scripts/gen-abort-codes.ts';

let sources: MoveModule[];
let tests: MoveModule[];

beforeAll(async () => {
  const reader = await MoveSourceReader.create();
  sources = reader.readPackage('move/sources');
  tests = reader.readPackage('move/tests');
});

describe('abort codes', () => {
  it('the committed table is what the generator makes from move/sources', async () => {
    expect(readFileSync(ABORT_CODES_PATH, 'utf8')).toBe(await renderAbortCodes(sources));
  });

  it('every module numbers its codes from 0 without gaps, with a message each', () => {
    for (const m of sources) {
      const codes = m.errors.map((e) => e.code).sort((a, b) => a - b);
      expect(codes, m.name).toEqual(codes.map((_, i) => i));
      for (const e of m.errors) {
        expect(e.name, m.name).toMatch(/^E[A-Z]/);
        expect(e.message.length, `${m.name}::${e.name}`).toBeGreaterThan(0);
      }
    }
  });

  it('looks codes up both ways', () => {
    const row = abortCodeByName('blob_ops', 'EBlobExpired');
    expect(row).toBeDefined();
    expect(abortCodeByCode('blob_ops', row!.code)?.name).toBe('EBlobExpired');
    expect(abortCodeByName('blob_ops', 'ENoSuchThing')).toBeUndefined();
    expect(ABORT_CODES.length).toBe(sources.reduce((n, m) => n + m.errors.length, 0));
  });

  it('every expected_failure in move/tests names an existing constant', () => {
    const pinned = tests.flatMap((m) =>
      m.functions.filter((f) => f.expectedAbort !== null).map((f) => f.expectedAbort!),
    );
    expect(pinned.length).toBeGreaterThan(50);
    for (const path of pinned) {
      const [address, module, name] = path.split('::');
      expect(address, path).toBe('floe');
      expect(abortCodeByName(module!, name!), path).toBeDefined();
    }
  });

  it('every abort code of the entry-point modules is pinned by at least one Move test', () => {
    const pinned = new Set(
      tests.flatMap((m) => m.functions.map((f) => f.expectedAbort)).filter((x) => x !== null),
    );
    const missing = ABORT_CODES.filter((r) => !pinned.has(`floe::${r.module}::${r.name}`)).map(
      (r) => `${r.module}::${r.name}`,
    );
    expect(missing).toEqual([]);
  });
});
