/** Epoch changes on the in-process embedded chain of test/chain/embedded/fixture.ts. */
import { PARAMS, type TestNet } from '../chain/embedded/fixture.ts';

/** Ends the current epoch: the change starts, and every member reports its shards. */
export async function nextEpoch(net: TestNet): Promise<number> {
  net.clock.advance(PARAMS.epochDurationMs);
  await net.admin.initiateEpochChange();
  const epoch = await net.admin.getEpoch();
  for (const node of net.nodes) {
    if ((await net.admin.getEpochState()).kind === 'Done') break;
    await node.client.epochSyncDone({ capId: node.capId, epoch });
  }
  return epoch;
}
