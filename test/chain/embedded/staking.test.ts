import { describe, expect, it } from 'vitest';
import { TransactionRejectedError } from '../../../src/chain/errors.ts';
import { ADMIN, PARAMS, address, epochOne } from './fixture.ts';

describe('staking on the embedded chain', () => {
  it('activates stake at the next epoch, pays rewards through the exchange rate, withdraws after leaving', async () => {
    const net = await epochOne();
    const [n0] = net.nodes;
    const delegator = net.admin.as(address('delegator'));
    await net.admin.mint({ to: delegator.sender, amount: 100_000n });

    const pending = await delegator.stake({ nodeId: n0.nodeId, amount: 500n });
    // Never activated: withdrawn at once, in full.
    const back = await delegator.withdraw({ stakedId: pending.stakedId });
    expect(back.amount).toBe(500n);
    expect(back.events[0].event).toMatchObject({ type: 'StakeWithdrawn', data: { amount: 500n } });

    const staked = await delegator.stake({ nodeId: n0.nodeId, amount: 4000n });
    expect(await delegator.getStakedFloe(staked.stakedId)).toMatchObject({
      principal: 4000n,
      activationEpoch: 2,
      withdrawEpoch: null,
    });
    await expect(delegator.requestWithdraw({ stakedId: staked.stakedId })).rejects.toMatchObject({
      constantName: 'ENotActive',
    });
    expect((await net.admin.getNode(n0.nodeId))!.pendingStake).toBe(4000n);

    // Storage bought for epochs 1..3 books 100 MIST of rewards per epoch.
    await net.user.reserveSpace({ storageSize: 10n << 20n, epochsAhead: 3 });
    net.clock.advance(PARAMS.epochDurationMs);
    const change = await net.admin.initiateEpochChange();
    const paid = change.events
      .filter((e) => e.event.type === 'RewardsPaid')
      .map((e) => e.event.data as { nodeId: string; amount: bigint });
    expect(paid.reduce((a, p) => a + p.amount, 0n)).toBe(100n);
    expect(paid.find((p) => p.nodeId === n0.nodeId)!.amount).toBe(40n); // 4 of 10 shards
    const pool = (await net.admin.getNode(n0.nodeId))!;
    expect(pool.commission).toBe(4n); // 10% commission
    // 4000 + 36 of rewards, then the delegator's 4000 joins at 4036 stake per 4000 shares.
    expect(pool.activeStake).toBe(8036n);
    expect(pool.totalShares).toBe(4000n + (4000n * 4000n) / 4036n);

    await delegator.requestWithdraw({ stakedId: staked.stakedId });
    await expect(delegator.requestWithdraw({ stakedId: staked.stakedId })).rejects.toMatchObject({
      constantName: 'EWithdrawAlreadyRequested',
    });
    await expect(delegator.withdraw({ stakedId: staked.stakedId })).rejects.toMatchObject({
      constantName: 'ENotWithdrawable',
    });
    await expect(net.user.withdraw({ stakedId: staked.stakedId })).rejects.toBeInstanceOf(
      TransactionRejectedError,
    );

    for (const node of net.nodes) {
      if ((await net.admin.getEpochState()).kind === 'Done') break;
      await node.client.epochSyncDone({ capId: node.capId, epoch: 2 });
    }
    expect(await net.admin.getEpochState()).toEqual({ kind: 'Done' });
    net.clock.advance(PARAMS.epochDurationMs);
    await net.admin.initiateEpochChange();
    const before = await delegator.getBalance();
    const out = await delegator.withdraw({ stakedId: staked.stakedId });
    // The delegator's shares are worth at least their principal (rewards only went up).
    expect(out.amount).toBeGreaterThanOrEqual(3999n);
    expect(await delegator.getBalance()).toBe(before + out.amount);
    expect(await delegator.getStakedFloe(staked.stakedId)).toBeNull();
    expect((await net.admin.getNode(n0.nodeId))!.totalShares).toBe(4000n);

    const commission = await n0.client.collectCommission({ capId: n0.capId });
    expect(commission.amount).toBeGreaterThanOrEqual(4n);
    expect((await net.admin.getNode(n0.nodeId))!.commission).toBe(0n);
    net.chain.close();
  });

  it('lets only the admin change parameters, never n_shards', async () => {
    const net = await epochOne();
    const { adminCapId } = await net.admin.getChainInfo();
    const params = { ...PARAMS, minStake: 5n };
    const r = await net.admin.setParams({ adminCapId, params });
    expect(r.events[0].event).toEqual({ type: 'ParamsUpdated', data: { epoch: 1 } });
    expect((await net.admin.getParams()).minStake).toBe(5n);
    await expect(
      net.admin.setParams({ adminCapId, params: { ...params, nShards: 11 } }),
    ).rejects.toMatchObject({
      module: 'system',
      constantName: 'EImmutableParam',
    });
    await expect(
      net.admin.setParams({ adminCapId, params: { ...params, slashBps: 10_001 } }),
    ).rejects.toMatchObject({
      module: 'params',
      constantName: 'EInvalidParam',
    });
    await expect(net.user.setParams({ adminCapId, params })).rejects.toBeInstanceOf(
      TransactionRejectedError,
    );
    expect(net.admin.sender).toBe(ADMIN);
    net.chain.close();
  });
});
