/**
 * Looks up a Move abort code by module and constant name. Provisional source until the
 * generated src/chain/abort-codes.ts lands: the `#[error(code = N)] const EName` lines of
 * move/sources, read once.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let table: Map<string, number> | undefined;

export function abortCodeOf(module: string, name: string): number | undefined {
  table ??= load();
  return table.get(`${module}::${name}`);
}

function load(): Map<string, number> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../../../move/sources');
  const out = new Map<string, number>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.move')) {
        const text = readFileSync(path, 'utf8');
        const mod = /module\s+\w+::(\w+)/.exec(text)?.[1];
        if (!mod) continue;
        for (const m of text.matchAll(/#\[error\(code\s*=\s*(\d+)\)\]\s*const\s+(\w+)/g)) {
          out.set(`${mod}::${m[2]}`, Number(m[1]));
        }
      }
    }
  };
  walk(root);
  return out;
}
