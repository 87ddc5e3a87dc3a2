/**
 * The BLS test vectors of the Move tests are made off chain by scripts/move-test-vectors.ts;
 * this fails when the committed move/tests/test_vectors.move is not what the script makes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderMoveTestVectors } from '../../scripts/move-test-vectors.ts';

describe('Move test vectors', () => {
  it('are regenerated identically', async () => {
    expect(readFileSync('move/tests/test_vectors.move', 'utf8')).toBe(
      await renderMoveTestVectors(),
    );
  }, 60_000);
});
