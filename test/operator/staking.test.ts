/**
 * The stake holder's library (src/operator/staking.ts) against the in-process embedded chain:
 * each withdraw call takes the step the Move rules allow (pay a pending stake at once, request an
 * active one, refuse until the boundary, then pay principal plus rewards), a race with an epoch
 * change is settled by the fresh state, listings show each stake's status, commission goes to the
 * cap's holder only, and the usual mistakes come back as typed errors.
 */
import { describe, expect, it } from 'vitest';
import type { ChainClient } from '../../src/chain/types.ts';
import {
  MissingEventError,
  NodeCapNotFoundError,
  NotOwnerError,
  StakeFundsError,
  StakeNodeNotFoundError,
  StakeNotFoundError,
  WithdrawNotReadyError,
} from '../../src/operator/staking-errors.ts';
import {
  collectNodeCommission,
  listStakes,
  stakeWithNode,
  withdrawStep,
} from '../../src/operator/staking.ts';
import { address, epochOne } from '../chain/embedded/fixture.ts';
import { nextEpoch } from '../chain/embedded/next-epoch.ts';

describe('stake holder operations on the embedded chain', () => {
  it('stakes, lists, requests, refuses until the boundary, then pays principal plus rewards', async () => {
    const net = await epochOne();
    const [n0, n1] = net.nodes;
    const holder = net.admin.as(address('holder'));
    await net.admin.mint({ to: holder.sender, amount: 10_000_000n });

    const a = await stakeWithNode(holder, n0.nodeId, 1_000_000n);
    expect(a).toMatchObject({ nodeId: n0.nodeId, amount: 1_000_000n, activationEpoch: 2 });
    const b = await stakeWithNode(holder, n1.nodeId, 500n);
    expect(await holder.getBalance()).toBe(10_000_000n - 1_000_500n);

    // Only the holder's stakes are listed, each pending until epoch 2.
    let list = await listStakes(holder);
    expect(list.epoch).toBe(1);
    expect(list.stakes.map((s) => [s.stakedId, s.status]).sort()).toEqual(
      [
        [a.stakedId, 'pending'],
        [b.stakedId, 'pending'],
      ].sort(),
    );
    expect(list.stakes.find((s) => s.stakedId === a.stakedId)!.nodeName).toBe('node-0');
    expect((await listStakes(net.user)).stakes).toEqual([]);
    expect((await listStakes(net.user, holder.sender)).stakes).toHaveLength(2);

    // A stake that never activated comes back at once, in full.
    const early = await withdrawStep(holder, b.stakedId);
    expect(early).toMatchObject({ action: 'withdrawn', amount: 500n, beforeActivation: true });
    await expect(withdrawStep(holder, b.stakedId)).rejects.toBeInstanceOf(StakeNotFoundError);

    // Rewards for epochs 2..4: storage bought now is paid to the committee at each boundary.
    await net.user.reserveSpace({ storageSize: 1000n << 20n, epochsAhead: 4 });
    expect(await nextEpoch(net)).toBe(2);
    list = await listStakes(holder);
    expect(list.stakes.map((s) => s.status)).toEqual(['active']);

    const requested = await withdrawStep(holder, a.stakedId);
    expect(requested).toMatchObject({ action: 'requested', readyEpoch: 3, currentEpoch: 2 });
    const notYet = await withdrawStep(holder, a.stakedId).catch((e: unknown) => e);
    expect(notYet).toBeInstanceOf(WithdrawNotReadyError);
    expect(notYet).toMatchObject({ code: 'WITHDRAW_NOT_READY', readyEpoch: 3, retryable: true });
    expect((notYet as Error).message).toContain('run again from epoch 3');
    expect((await listStakes(holder)).stakes[0]).toMatchObject({
      status: 'withdrawing',
      withdrawEpoch: 3,
    });

    expect(await nextEpoch(net)).toBe(3);
    expect((await listStakes(holder)).stakes[0].status).toBe('withdrawable');
    const before = await holder.getBalance();
    const paid = await withdrawStep(holder, a.stakedId);
    expect(paid).toMatchObject({ action: 'withdrawn', beforeActivation: false, currentEpoch: 3 });
    if (paid.action !== 'withdrawn') throw new Error('unreachable');
    // Epoch 2's rewards raised the pool's rate before the withdrawal took effect.
    expect(paid.amount).toBeGreaterThan(1_000_000n);
    expect(await holder.getBalance()).toBe(before + paid.amount);
    expect((await listStakes(holder)).stakes).toEqual([]);
    net.chain.close();
  });

  it('settles a race with an epoch change from the fresh state', async () => {
    const net = await epochOne();
    const holder = net.admin.as(address('racer'));
    await net.admin.mint({ to: holder.sender, amount: 1_000_000n });
    const s = await stakeWithNode(holder, net.nodes[0].nodeId, 10_000n);
    // The epoch changes between the read (pending) and the transaction: Move refuses the
    // direct withdrawal of what is now an active stake, and the second look requests it.
    let raced = false;
    const racing: ChainClient = Object.create(holder, {
      withdraw: {
        value: async (args: { stakedId: string }) => {
          if (!raced) {
            raced = true;
            await nextEpoch(net);
          }
          return holder.withdraw(args);
        },
      },
    });
    const step = await withdrawStep(racing, s.stakedId);
    expect(raced).toBe(true);
    expect(step).toMatchObject({ action: 'requested', readyEpoch: 3, currentEpoch: 2 });
    net.chain.close();
  });

  it('takes the epochs from the events Move emits, and says so when a client returns none', async () => {
    const net = await epochOne();
    const holder = net.admin.as(address('eventless'));
    await net.admin.mint({ to: holder.sender, amount: 1_000_000n });
    const eventless: ChainClient = Object.create(holder, {
      stake: {
        value: async (args: { nodeId: string; amount: bigint }) => ({
          ...(await holder.stake(args)),
          events: [],
        }),
      },
    });
    const err = await stakeWithNode(eventless, net.nodes[0].nodeId, 10_000n).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MissingEventError);
    expect(err).toMatchObject({ code: 'EVENT_MISSING' });
    expect((err as Error).message).toContain('StakeAdded');
    net.chain.close();
  });

  it('refuses what the holder cannot do, with typed errors', async () => {
    const net = await epochOne();
    const [n0] = net.nodes;
    const holder = net.admin.as(address('holder-2'));
    await net.admin.mint({ to: holder.sender, amount: 5_000n });
    await expect(stakeWithNode(holder, n0.nodeId, 0n)).rejects.toBeInstanceOf(RangeError);
    await expect(stakeWithNode(holder, n0.nodeId, 1n << 64n)).rejects.toBeInstanceOf(RangeError);
    await expect(stakeWithNode(holder, address('no-node'), 10n)).rejects.toBeInstanceOf(
      StakeNodeNotFoundError,
    );
    const poor = await stakeWithNode(holder, n0.nodeId, 6_000n).catch((e: unknown) => e);
    expect(poor).toBeInstanceOf(StakeFundsError);
    expect(poor).toMatchObject({ code: 'INSUFFICIENT_FUNDS', needed: 6_000n, available: 5_000n });
    expect((poor as Error).message).toContain(holder.sender);

    const s = await stakeWithNode(holder, n0.nodeId, 5_000n);
    const stranger = net.admin.as(address('stranger'));
    const theft = await withdrawStep(stranger, s.stakedId).catch((e: unknown) => e);
    expect(theft).toBeInstanceOf(NotOwnerError);
    expect((theft as Error).message).toContain(holder.sender);
    await expect(withdrawStep(holder, address('no-stake'))).rejects.toMatchObject({
      code: 'STAKE_NOT_FOUND',
    });
    expect(await holder.getStakedFloe(s.stakedId)).not.toBeNull();
    net.chain.close();
  });

  it("collects a node's commission for the cap holder only, zero when there is none", async () => {
    const net = await epochOne();
    const [n0] = net.nodes;
    expect(await collectNodeCommission(n0.client, n0.capId)).toMatchObject({
      capId: n0.capId,
      nodeId: n0.nodeId,
      amount: 0n,
    });
    // Even with nothing to collect, only the cap's holder may ask.
    await expect(collectNodeCommission(net.user, n0.capId)).rejects.toMatchObject({
      code: 'NOT_OWNER',
    });
    await net.user.reserveSpace({ storageSize: 1000n << 20n, epochsAhead: 2 });
    await nextEpoch(net);
    const pool = (await net.admin.getNode(n0.nodeId))!;
    expect(pool.commission).toBeGreaterThan(0n);

    const theft = await collectNodeCommission(net.user, n0.capId).catch((e: unknown) => e);
    expect(theft).toBeInstanceOf(NotOwnerError);
    expect((theft as Error).message).toBe(
      `node cap ${n0.capId} is not owned by the sender ${net.user.sender} (use the config or key of the account that holds it)`,
    );
    await expect(collectNodeCommission(n0.client, address('no-cap'))).rejects.toBeInstanceOf(
      NodeCapNotFoundError,
    );
    const before = await n0.client.getBalance();
    const r = await collectNodeCommission(n0.client, n0.capId);
    expect(r.amount).toBe(pool.commission);
    expect(await n0.client.getBalance()).toBe(before + pool.commission);
    expect((await net.admin.getNode(n0.nodeId))!.commission).toBe(0n);
    net.chain.close();
  });
});
