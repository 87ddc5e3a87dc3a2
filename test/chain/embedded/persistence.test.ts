import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobCertificateMessage } from '../../../src/crypto/messages.ts';
import { stringify } from '../../../src/chain/embedded/codec.ts';
import { ChainStoreCorruptError } from '../../../src/chain/embedded/store.ts';
import { certify, epochOne, openChain, registerTestBlob } from './fixture.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'floe-chain-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('embedded chain persistence', () => {
  it('replays the log after a crash and resumes from a snapshot after a clean close', async () => {
    const dir = tempDir();
    const net = await epochOne({ dir, snapshotEvery: 1000 });
    const committee = (await net.admin.getCommittee())!;
    const blob = await registerTestBlob(net.user);
    const msg = blobCertificateMessage({
      epoch: 1,
      blobId: blob.blobId,
      persistence: { kind: 'Permanent' },
    });
    await net.user.certifyBlob({
      blobObjectId: blob.blobObjectId,
      certificate: certify(committee, net.nodes, net.nodes, msg),
    });
    const state = stringify(net.chain.current);
    const events = stringify(net.chain.allEvents);
    expect(net.chain.allEvents.length).toBeGreaterThan(10);

    // "Crash": no close, no snapshot; a second process opens the same directory.
    const crashed = openChain({ dir, clock: net.clock });
    expect(stringify(crashed.chain.current)).toBe(state);
    expect(stringify(crashed.chain.allEvents)).toBe(events);
    crashed.chain.close(); // writes the snapshot

    const reopened = openChain({ dir, clock: net.clock });
    expect(stringify(reopened.chain.current)).toBe(state);
    expect(stringify(reopened.chain.allEvents)).toBe(events);
    // The chain goes on: new transactions get new numbers and IDs.
    const more = await registerTestBlob(reopened.admin.as(net.user.sender), { rootByte: 3 });
    expect(more.blobObjectId).not.toBe(blob.blobObjectId);
    expect((await reopened.admin.getBlob(blob.blobObjectId))!.certifiedEpoch).toBe(1);
    const last = reopened.chain.allEvents.at(-1)!;
    expect(Number(last.cursor)).toBe(reopened.chain.allEvents.length - 1);
    reopened.chain.close();
  });

  it('ignores a torn last line and refuses a log that jumps', async () => {
    const dir = tempDir();
    const net = await epochOne({ dir });
    const state = stringify(net.chain.current);
    appendFileSync(join(dir, 'txlog.jsonl'), '{"seq":{"$b":"99"},"sen');
    const reopened = openChain({ dir, clock: net.clock });
    expect(stringify(reopened.chain.current)).toBe(state);
    await reopened.admin.mint({ to: reopened.admin.sender, amount: 5n });
    expect(reopened.chain.current.txCount).toBe(net.chain.current.txCount + 1n);
    reopened.chain.close();

    const broken = tempDir();
    const first = openChain({ dir: broken });
    await first.admin.mint({ to: first.admin.sender, amount: 5n });
    appendFileSync(
      join(broken, 'txlog.jsonl'),
      stringify({
        seq: 7n,
        sender: first.admin.sender,
        method: 'mint',
        args: {},
        timestampMs: 0n,
        events: [],
      }) + '\n',
    );
    expect(() => openChain({ dir: broken })).toThrow(ChainStoreCorruptError);
  });
});
