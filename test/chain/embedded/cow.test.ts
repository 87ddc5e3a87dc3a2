import { describe, expect, it } from 'vitest';
import { CowMap, CowSet } from '../../../src/chain/embedded/cow.ts';

describe('copy-on-write tables', () => {
  it('never touches the base map until commit', () => {
    const base = new Map([
      ['a', { n: 1 }],
      ['b', { n: 2 }],
    ]);
    const cow = new CowMap(base);
    cow.get('a')!.n = 10;
    cow.set('c', { n: 3 });
    expect(cow.delete('b')).toBe(true);
    expect(cow.delete('b')).toBe(false);
    expect([...cow]).toEqual([
      ['a', { n: 10 }],
      ['c', { n: 3 }],
    ]);
    expect(cow.size).toBe(2);
    expect(cow.has('b')).toBe(false);
    expect(base).toEqual(
      new Map([
        ['a', { n: 1 }],
        ['b', { n: 2 }],
      ]),
    );
    expect(cow.commit()).toBe(base);
    expect(base).toEqual(
      new Map([
        ['a', { n: 10 }],
        ['c', { n: 3 }],
      ]),
    );
  });

  it('tracks set additions and removals apart from the base', () => {
    const base = new Set([1, 2]);
    const cow = new CowSet(base);
    cow.add(3).delete(1);
    expect([...cow].sort()).toEqual([2, 3]);
    expect(cow.has(1)).toBe(false);
    expect(base).toEqual(new Set([1, 2]));
    cow.commit();
    expect(base).toEqual(new Set([2, 3]));
  });
});
