/**
 * Opening a Sui chain client from IDs only: shared versions looked up on chain, the network told
 * from the URL, and a client without a key that reads but refuses to write.
 */
import type { ClientWithCoreApi } from '@mysten/sui/client';
import { describe, expect, it } from 'vitest';
import { connectSuiChain, networkOfUrl, resolveSuiTarget } from '../../../src/chain/sui/connect.ts';
import { ReadOnlyChainError } from '../../../src/chain/sui/client.ts';
import { silentLogger } from '../../../src/util/log.ts';

const PKG = '0x' + 'aa'.repeat(32);
const SYSTEM = '0x' + 'bb'.repeat(32);
const RANDOM = '0x' + '0'.repeat(63) + '8';

/** A node that knows two shared objects and one owned object. */
function node(): ClientWithCoreApi {
  const owners: Record<string, unknown> = {
    [SYSTEM]: { $kind: 'Shared', Shared: { initialSharedVersion: '21' } },
    [RANDOM]: { $kind: 'Shared', Shared: { initialSharedVersion: '4' } },
    [PKG]: { $kind: 'Immutable', Immutable: true },
  };
  const core = {
    getObject: async ({ objectId }: { objectId: string }) => ({
      object: { objectId, owner: owners[objectId] },
    }),
  };
  return { core } as unknown as ClientWithCoreApi;
}

describe('connecting to a Sui deployment by IDs', () => {
  it('tells the network from the full-node URL', () => {
    expect(networkOfUrl('https://fullnode.testnet.sui.io:443')).toBe('testnet');
    expect(networkOfUrl('https://fullnode.mainnet.sui.io')).toBe('mainnet');
    expect(networkOfUrl('http://127.0.0.1:9000')).toBe('localnet');
  });

  it('looks up the initial shared versions of the System and of Random', async () => {
    const target = await resolveSuiTarget({
      client: node(),
      rpcUrl: 'http://127.0.0.1:9000',
      packageId: '0xaa' + 'aa'.repeat(31),
      systemObjectId: SYSTEM,
    });
    expect(target).toEqual({
      network: 'localnet',
      rpcUrl: 'http://127.0.0.1:9000',
      packageId: PKG,
      systemObjectId: SYSTEM,
      systemInitialSharedVersion: '21',
      randomInitialSharedVersion: '4',
    });
    await expect(
      resolveSuiTarget({
        client: node(),
        rpcUrl: 'http://127.0.0.1:9000',
        packageId: PKG,
        systemObjectId: PKG,
      }),
    ).rejects.toMatchObject({ code: 'SUI_NOT_SHARED' });
  });

  it('a client without a key refuses writes with CHAIN_READ_ONLY', async () => {
    const chain = await connectSuiChain({
      rpcUrl: 'http://127.0.0.1:9000',
      packageId: PKG,
      systemObjectId: SYSTEM,
      logger: silentLogger,
      client: node(),
    });
    expect(chain.sender).toBe('0x' + '0'.repeat(64));
    await expect(
      chain.stake({ nodeId: '0x' + '11'.repeat(32), amount: 1n }),
    ).rejects.toBeInstanceOf(ReadOnlyChainError);
    await expect(chain.initiateEpochChange()).rejects.toMatchObject({ code: 'CHAIN_READ_ONLY' });
  });
});
