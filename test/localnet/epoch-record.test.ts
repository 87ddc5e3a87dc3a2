/**
 * `floe localnet epoch` keeps DIR/localnet.json with the chain: here the embedded chain (test
 * clock, committee nodes that never report `epoch_sync_done`) is served over loopback in process,
 * so the by-hand advance starts the change and then times out waiting for the nodes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildChainServer } from '../../src/chain/embedded/server.ts';
import {
  advanceLocalnetEpoch,
  applyEpochDuration,
  EpochChangeInProgressError,
} from '../../src/localnet/epochs.ts';
import { localnetPaths, readRecord, writeJson, writeRecord } from '../../src/localnet/state.ts';
import { silentLogger } from '../../src/util/log.ts';
import { epochOne } from '../chain/embedded/fixture.ts';

describe('floe localnet epoch and the record', () => {
  it('records the new epoch even when the wait for the nodes times out', async () => {
    const net = await epochOne();
    const app = buildChainServer({ chain: net.chain });
    const dir = await mkdtemp(join(tmpdir(), 'floe-epoch-record-'));
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as { port: number };
      await applyEpochDuration(net.admin, null);
      net.clock.advance(1n);
      const paths = localnetPaths(dir);
      await writeJson(paths.operator, { address: net.admin.sender });
      await writeRecord({
        version: 1,
        dir: paths.root,
        nShards: 10,
        supervisorPid: null,
        chain: { url: `http://127.0.0.1:${port}`, port, pid: null, dir: paths.chainDir, log: '' },
        nodes: net.nodes.map((n, i) => ({
          name: `node-${i}`,
          nodeId: n.nodeId,
          capId: n.capId,
          url: '',
          port: 0,
          pid: null,
          shards: [],
          config: '',
          log: '',
        })),
        clientConfig: paths.clientConfig,
        epoch: 1,
      });

      const err = await advanceLocalnetEpoch(dir, silentLogger, {
        waitDone: true,
        timeoutMs: 100,
        pollMs: 10,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EpochChangeInProgressError);
      const record = await readRecord(dir);
      expect(record.epoch).toBe(2);
      expect(record.nodes.flatMap((n) => n.shards).sort((a, b) => a - b)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
      ]);
    } finally {
      await app.close();
      net.chain.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
