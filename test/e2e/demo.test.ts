import { describe, expect, it } from 'vitest';
import { runFloe } from './helpers.ts';

describe('floe demo (npm start)', () => {
  it('brings up a network, stores and reads a sample, prints its certificate and shuts down', async () => {
    const out = await runFloe(['--json', 'demo', '--size', '5000'], 90_000);
    expect(out.code, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout.toString()) as {
      blobId: string;
      objectId: string;
      readBack: boolean;
      certificate: {
        certifiedEpoch: number;
        signers: number[];
        signedWeight: number;
        nShards: number;
      };
      network: { dir: string };
    };
    expect(result.readBack).toBe(true);
    expect(result.blobId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.objectId).toMatch(/^0x[0-9a-f]{64}$/);
    expect(result.certificate.certifiedEpoch).toBe(1);
    expect(3 * result.certificate.signedWeight).toBeGreaterThanOrEqual(
      2 * result.certificate.nShards + 1,
    );
    const { existsSync } = await import('node:fs');
    expect(existsSync(result.network.dir)).toBe(false);
  });
});
