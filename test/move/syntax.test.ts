/**
 * Every `.move` file of the package parses with the tree-sitter Move grammar of
 * `@mysten/prettier-plugin-move` (syntax only: nothing compiles Move on this machine) and is
 * formatted as `npx prettier --write 'move/**\/*.move'` would leave it.
 */
import { readFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { beforeAll, describe, expect, it } from 'vitest';
import { listMoveFiles, MoveSourceReader, MoveSyntaxError } from '../../src/chain/move-source.ts';

const FILES = listMoveFiles('move');
let reader: MoveSourceReader;

beforeAll(async () => {
  reader = await MoveSourceReader.create();
});

describe('Move sources', () => {
  it('has the expected package layout', () => {
    const names = FILES.map((f) => f.replace(/\\/g, '/'));
    for (const folder of ['events', 'system', 'staking', 'storage', 'challenge', 'slashing']) {
      expect(
        names.some((f) => f.startsWith(`move/sources/${folder}/`)),
        folder,
      ).toBe(true);
    }
    expect(names.some((f) => f.startsWith('move/tests/'))).toBe(true);
    expect(readFileSync('move/Move.toml', 'utf8')).toMatch(/name = "floe"/);
  });

  it.each(FILES)('%s parses and is formatted', async (file) => {
    const text = readFileSync(file, 'utf8');
    expect(reader.syntaxIssues(text, file)).toEqual([]);
    const config = (await prettier.resolveConfig(file)) ?? {};
    expect(
      await prettier.check(text, { ...config, filepath: file }),
      `${file} is not formatted`,
    ).toBe(true);
  });

  it('declares one module per file, all at address floe', () => {
    for (const file of FILES) {
      const modules = reader.readFile(file);
      expect(modules.length, file).toBe(1);
      expect(modules[0]!.address, file).toBe('floe');
    }
  });

  it('test modules are test-only and mirror a source module or are helpers', () => {
    const sources = new Set(reader.readPackage('move/sources').map((m) => m.name));
    for (const m of reader.readPackage('move/tests')) {
      expect(m.testOnly, m.name).toBe(true);
      const mirrored = m.name.endsWith('_tests') ? m.name.slice(0, -'_tests'.length) : null;
      if (mirrored !== null && mirrored !== 'scenario')
        expect(sources.has(mirrored), m.name).toBe(true);
    }
  });

  it('reports syntax errors with line and column', () => {
    const issues = reader.syntaxIssues('module floe::x;\n\nfun f( {}\n', 'x.move');
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.line).toBe(3);
    expect(() => reader.parseSource('module floe::x;\nfun (', 'y.move')).toThrow(MoveSyntaxError);
  });
});
