/** Epoch changes on the in-process embedded chain of fixture.ts, as the nodes would finish them. */
import { PARAMS, type TestNet } from './fixture.ts';

/** Every committee member reports `epoch_sync_done` for the current epoch, until it is Done. */
export async function reportSynced(net: TestNet): Promise<void> {
  const epoch = await net.admin.getEpoch();
  for (const n of net.nodes) {
    if ((await net.admin.getEpochState()).kind === 'Done') return;
    await n.client.epochSyncDone({ capId: n.capId, epoch });
  }
}

/** Ends the current epoch: the change starts, and every member reports its shards. */
export async function nextEpoch(net: TestNet): Promise<number> {
  net.clock.advance(PARAMS.epochDurationMs);
  await net.admin.initiateEpochChange();
  await reportSynced(net);
  return net.admin.getEpoch();
}
