/** Argument parsers shared by the commands: they throw commander's usage error (exit code 2). */
import { InvalidArgumentError } from 'commander';

/** A parser for a positive integer option named `name`. */
export function parsePositiveInt(name: string): (raw: string) => number {
  return (raw) => {
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
      throw new InvalidArgumentError(
        `${name} must be a positive integer, got ${JSON.stringify(raw)}`,
      );
    }
    return Number(raw);
  };
}

/** A parser for a non-negative byte count with an optional K/M/G (binary) suffix. */
export function parseBytes(name: string): (raw: string) => number {
  return (raw) => {
    const m = /^(\d+)([KMG]i?B?)?$/i.exec(raw.trim());
    if (!m)
      throw new InvalidArgumentError(
        `${name} must be a byte count like 1048576 or 64M, got ${JSON.stringify(raw)}`,
      );
    const scale =
      { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').charAt(0).toLowerCase()] ?? 1;
    return Number(m[1]) * scale;
  };
}
