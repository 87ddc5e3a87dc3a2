import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/cli/commands/localnet-epoch.ts';

describe('--epoch-duration values', () => {
  const parse = parseDuration('--epoch-duration');

  it('reads milliseconds, seconds, minutes and hours', () => {
    expect(parse('1500')).toBe(1500n);
    expect(parse('1500ms')).toBe(1500n);
    expect(parse('30s')).toBe(30_000n);
    expect(parse(' 2m ')).toBe(120_000n);
    expect(parse('1h')).toBe(3_600_000n);
  });

  it('refuses zero, negative, fractional and unknown units as usage errors', () => {
    for (const bad of ['0', '0s', '-5s', '1.5s', '5x', 's', '']) {
      expect(() => parse(bad)).toThrow(InvalidArgumentError);
    }
  });
});
