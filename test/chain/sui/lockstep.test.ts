/**
 * Lockstep: every Move function the Sui adapter calls exists in `move/sources`, is callable from
 * a programmable transaction (public, or entry), and has the parameter list and return types of
 * the adapter's table (types and order). A rename, a reorder or a new parameter in Move fails here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MoveSourceReader, type MoveModule } from '../../../src/chain/move-source.ts';
import {
  ENTRY_POINTS,
  type EntryPointName,
  moveFunctionName,
} from '../../../src/chain/sui/entry-points.ts';

let modules: MoveModule[];

beforeAll(async () => {
  const reader = await MoveSourceReader.create();
  modules = reader.readPackage('move/sources').filter((m) => !m.testOnly);
});

/** Type text without whitespace differences or module paths (`sui::coin::Coin<SUI>` -> `Coin<SUI>`). */
function normalizeType(type: string): string {
  return type
    .replace(/\s+/g, ' ')
    .replace(/([A-Za-z_][A-Za-z0-9_]*::)+/g, '')
    .replace(/\s*([<>,])\s*/g, '$1')
    .trim();
}

const NAMES = Object.keys(ENTRY_POINTS) as EntryPointName[];

describe('adapter entry points match the Move sources', () => {
  it.each(NAMES)('%s', (name) => {
    const entry = ENTRY_POINTS[name];
    const mod = modules.find((m) => m.name === entry.module);
    expect(mod, `move/sources has no module ${entry.module}`).toBeDefined();
    const fn = mod!.functions.find((f) => f.name === moveFunctionName(name) && !f.testOnly);
    expect(fn, `${entry.module} has no function ${moveFunctionName(name)}`).toBeDefined();
    expect(
      fn!.visibility === 'public' || fn!.entry,
      `${entry.module}::${fn!.name} is not callable from a PTB`,
    ).toBe(true);
    expect(fn!.params.map((p) => normalizeType(p.type))).toEqual(entry.params.map(normalizeType));
    expect(fn!.returns.map(normalizeType)).toEqual(entry.returns.map(normalizeType));
  });

  it('calls every public function that changes the System (no write is missing from the adapter)', () => {
    const called = new Set(NAMES.map((n) => `${ENTRY_POINTS[n].module}::${moveFunctionName(n)}`));
    const writers = modules.flatMap((m) =>
      m.functions
        .filter(
          (f) =>
            (f.visibility === 'public' || f.entry) &&
            !f.testOnly &&
            normalizeType(f.params[0]?.type ?? '') === '&mut System',
        )
        .map((f) => `${m.name}::${f.name}`),
    );
    expect(writers.length).toBeGreaterThan(10);
    expect(writers.filter((w) => !called.has(w))).toEqual([]);
  });

  it('normalizes the way the comparison needs', () => {
    expect(normalizeType('&mut   sui::coin::Coin< sui::sui::SUI >')).toBe('&mut Coin<SUI>');
    expect(normalizeType('vector<vector<u8>>')).toBe('vector<vector<u8>>');
  });
});
