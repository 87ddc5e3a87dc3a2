/** The attesting node's cache of signed attestations: same answer only, live rounds only. */
import { describe, expect, it } from 'vitest';
import { AttestationCache } from '../../src/node/challenge/attestation-cache.ts';

const json = (s: string) => ({ serializedMessage: s, signature: s });

describe('AttestationCache', () => {
  it('answers only the exact answer of the same round, and forgets rounds that are over', () => {
    const cache = new AttestationCache();
    const answer = new Uint8Array([1, 2, 3]);
    cache.set(3n, answer, json('a'));
    expect(cache.get(3n, new Uint8Array([1, 2, 3]))).toEqual(json('a'));
    expect(cache.get(3n, new Uint8Array([1, 2, 4]))).toBeUndefined();
    expect(cache.get(4n, answer)).toBeUndefined();
    cache.set(4n, answer, json('b'));
    cache.retain((round) => round === 4n);
    expect(cache.get(3n, answer)).toBeUndefined();
    expect(cache.get(4n, answer)).toEqual(json('b'));
    expect(cache.size).toBe(1);
  });
});
