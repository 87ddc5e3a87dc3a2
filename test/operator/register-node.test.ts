/**
 * `registerStorageNode` on the in-process embedded chain: the proof of possession is bound to the
 * epoch read before the transaction, so an epoch change in between makes Move refuse it; the
 * registration then goes out once more with a fresh proof instead of failing.
 */
import { describe, expect, it } from 'vitest';
import { MoveAbortError } from '../../src/chain/errors.ts';
import type { ChainClient, RegisterNodeArgs } from '../../src/chain/types.ts';
import { generateKeyPair } from '../../src/crypto/bls.ts';
import { CommissionTooHighError, registerStorageNode } from '../../src/operator/register-node.ts';
import { exitCodeFor, ExitCode } from '../../src/cli/main.ts';
import { seededBytes } from '../crypto/seeded.ts';
import { address, epochOne } from '../chain/embedded/fixture.ts';
import { nextEpoch } from '../chain/embedded/next-epoch.ts';

const NODE = {
  name: 'late',
  networkAddress: 'http://127.0.0.1:9999',
  capacity: 1n << 30n,
  commissionBps: 0,
};

describe('registerStorageNode', () => {
  it('sends a fresh proof when the epoch changes between the read and the transaction', async () => {
    const net = await epochOne();
    const operator = net.admin.as(address('late-operator'));
    await net.admin.mint({ to: operator.sender, amount: 1_000_000n });
    const sent: RegisterNodeArgs[] = [];
    const racing: ChainClient = Object.create(operator, {
      registerNode: {
        value: async (args: RegisterNodeArgs) => {
          sent.push(args);
          if (sent.length === 1) await nextEpoch(net);
          return operator.registerNode(args);
        },
      },
    });
    const { secretKey, publicKey } = generateKeyPair(seededBytes(41));
    const ids = await registerStorageNode(racing, secretKey, NODE);
    expect(sent).toHaveLength(2);
    expect(await operator.getEpoch()).toBe(2);
    const node = await operator.getNode(ids.nodeId);
    expect(node?.name).toBe('late');
    expect(Buffer.from(node!.publicKey).equals(Buffer.from(publicKey))).toBe(true);
    net.chain.close();
  });

  it('does not resend a proof Move refuses in an unchanged epoch', async () => {
    const net = await epochOne();
    const operator = net.admin.as(address('bad-proof'));
    await net.admin.mint({ to: operator.sender, amount: 1_000_000n });
    let calls = 0;
    const corrupting: ChainClient = Object.create(operator, {
      registerNode: {
        value: async (args: RegisterNodeArgs) => {
          calls++;
          const pop = args.proofOfPossession.slice();
          pop[5] ^= 1;
          return operator.registerNode({ ...args, proofOfPossession: pop });
        },
      },
    });
    const { secretKey } = generateKeyPair(seededBytes(42));
    const err = await registerStorageNode(corrupting, secretKey, NODE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MoveAbortError);
    expect(err).toMatchObject({ constantName: 'EInvalidProofOfPossession' });
    expect(calls).toBe(1);
    net.chain.close();
  });

  it("refuses a commission above the chain's maximum before sending anything", async () => {
    const net = await epochOne();
    const operator = net.admin.as(address('greedy'));
    await net.admin.mint({ to: operator.sender, amount: 1_000_000n });
    let sent = 0;
    const counting: ChainClient = Object.create(operator, {
      registerNode: {
        value: async (args: RegisterNodeArgs) => {
          sent++;
          return operator.registerNode(args);
        },
      },
    });
    const { secretKey } = generateKeyPair(seededBytes(43));
    const err = await registerStorageNode(counting, secretKey, {
      ...NODE,
      commissionBps: 5001,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommissionTooHighError);
    expect((err as Error).message).toContain('--commission-bps 5000 or less');
    expect(exitCodeFor(err)).toBe(ExitCode.invalid);
    expect(sent).toBe(0);
    net.chain.close();
  });
});
