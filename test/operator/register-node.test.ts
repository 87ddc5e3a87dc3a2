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
import { address, epochOne, type TestNet } from '../chain/embedded/fixture.ts';
import { nextEpoch } from '../chain/embedded/next-epoch.ts';

const NODE = {
  name: 'late',
  networkAddress: 'http://127.0.0.1:9999',
  capacity: 1n << 30n,
  commissionBps: 0,
};

/**
 * A funded operator on a fresh epoch-1 chain, seen through a client whose `registerNode` records
 * every call and hands it to `send` (the operator's own `registerNode` by default).
 */
async function operatorWith(
  tag: string,
  send?: (args: RegisterNodeArgs, net: TestNet) => Promise<RegisterNodeArgs>,
) {
  const net = await epochOne();
  const operator = net.admin.as(address(tag));
  await net.admin.mint({ to: operator.sender, amount: 1_000_000n });
  const sent: RegisterNodeArgs[] = [];
  const client: ChainClient = Object.create(operator, {
    registerNode: {
      value: async (args: RegisterNodeArgs) => {
        sent.push(args);
        return operator.registerNode(send ? await send(args, net) : args);
      },
    },
  });
  return { net, operator, client, sent };
}

describe('registerStorageNode', () => {
  it('sends a fresh proof when the epoch changes between the read and the transaction', async () => {
    let raced = false;
    const { net, operator, client, sent } = await operatorWith('late-operator', async (args) => {
      if (!raced) {
        raced = true;
        await nextEpoch(net);
      }
      return args;
    });
    const { secretKey, publicKey } = generateKeyPair(seededBytes(41));
    const ids = await registerStorageNode(client, secretKey, NODE);
    expect(sent).toHaveLength(2);
    expect(await operator.getEpoch()).toBe(2);
    const node = await operator.getNode(ids.nodeId);
    expect(node?.name).toBe('late');
    expect(Buffer.from(node!.publicKey).equals(Buffer.from(publicKey))).toBe(true);
    net.chain.close();
  });

  it('does not resend a proof Move refuses in an unchanged epoch', async () => {
    const { net, client, sent } = await operatorWith('bad-proof', async (args) => {
      const pop = args.proofOfPossession.slice();
      pop[5] ^= 1;
      return { ...args, proofOfPossession: pop };
    });
    const { secretKey } = generateKeyPair(seededBytes(42));
    const err = await registerStorageNode(client, secretKey, NODE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MoveAbortError);
    expect(err).toMatchObject({ constantName: 'EInvalidProofOfPossession' });
    expect(sent).toHaveLength(1);
    net.chain.close();
  });

  it("refuses a commission above the chain's maximum before sending anything", async () => {
    const { net, client, sent } = await operatorWith('greedy');
    const { secretKey } = generateKeyPair(seededBytes(43));
    const err = await registerStorageNode(client, secretKey, {
      ...NODE,
      commissionBps: 5001,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommissionTooHighError);
    expect((err as Error).message).toContain('--commission-bps 5000 or less');
    expect(exitCodeFor(err)).toBe(ExitCode.invalid);
    expect(sent).toHaveLength(0);
    net.chain.close();
  });
});
