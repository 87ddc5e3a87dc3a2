import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../src/cli/commands/stake.ts';
import { ExitCode, main } from '../../src/cli/main.ts';

describe('amount options (--amount, --stake)', () => {
  const parse = parseAmount('--stake');

  it('reads a positive whole number of MIST up to the u64 maximum', () => {
    expect(parse('1')).toBe(1n);
    expect(parse('18446744073709551615')).toBe(2n ** 64n - 1n);
  });

  it('refuses zero, signs, fractions and what Move cannot take as a u64, naming the option', () => {
    for (const bad of ['0', '-5', '1.5', '1e9', '', '18446744073709551616']) {
      expect(() => parse(bad)).toThrow(InvalidArgumentError);
    }
    expect(() => parse('0')).toThrow('--stake');
  });

  it('node register refuses a --stake above u64 as a usage error, before reading the config', async () => {
    const stderr = process.stderr.write;
    process.stderr.write = () => true;
    try {
      const code = await main([
        'node',
        'floe',
        'node',
        'register',
        '--config',
        '/nonexistent/floe-node.json',
        '--stake',
        '18446744073709551616',
      ]);
      expect(code).toBe(ExitCode.usage);
    } finally {
      process.stderr.write = stderr;
    }
  });
});
