/**
 * The registration `floe node register` sends on Sui, built offline: the `register_node` PTB from
 * `registrationArgs` carries the node's key and a proof of possession that verifies for the
 * transaction's own sender and epoch (and for no other), as `register_node` checks on chain.
 */
import { fromHex } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { buildRegisterNode } from '../../src/chain/sui/ptb/staking.ts';
import { generateKeyPair, verify } from '../../src/crypto/bls.ts';
import { proofOfPossessionMessage } from '../../src/crypto/messages.ts';
import { registrationArgs } from '../../src/operator/register-node.ts';
import { seededBytes } from '../crypto/seeded.ts';
import { buildOffline, CTX, SENDER } from '../chain/sui/offline.ts';

describe('register_node on Sui (offline)', () => {
  it('carries a proof of possession bound to the sender and epoch', async () => {
    const { secretKey, publicKey } = generateKeyPair(seededBytes(11));
    const args = registrationArgs(secretKey, SENDER, 7, {
      name: 'operator-node',
      networkAddress: 'https://node.example:9185',
      capacity: 1n << 40n,
      commissionBps: 300,
    });
    const { data, commands } = await buildOffline((tx) => buildRegisterNode(tx, CTX, args));
    expect(data.sender).toBe(SENDER);
    const call = commands[0] as { call: string; args: Array<{ pure?: string }> };
    expect(call.call.endsWith('::storage_node::register_node')).toBe(true);
    // vector<u8> pure args: a one-byte ULEB length prefix (48 and 96), then the bytes.
    const key = fromHex(call.args[3].pure!);
    const pop = fromHex(call.args[4].pure!);
    expect([key[0], pop[0]]).toEqual([48, 96]);
    expect(Buffer.from(key.slice(1)).equals(Buffer.from(publicKey))).toBe(true);

    const message = (sender: string, epoch: number) =>
      proofOfPossessionMessage({ epoch, sender, publicKey });
    expect(verify(pop.slice(1), message(data.sender!, 7), publicKey)).toBe(true);
    expect(verify(pop.slice(1), message('0x' + '12'.repeat(32), 7), publicKey)).toBe(false);
    expect(verify(pop.slice(1), message(data.sender!, 8), publicKey)).toBe(false);
  });
});
