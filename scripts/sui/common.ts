/**
 * Shared bits of the Sui scripts: network defaults, the signing key, the faucet.
 */
import { getFaucetHost, requestSuiFromFaucetV2 } from '@mysten/sui/faucet';
import { loadSuiKeypair } from '../../src/chain/sui/keys.ts';
import type { SuiNetwork } from '../../src/chain/sui/deployment.ts';

export const DEFAULT_RPC: Record<SuiNetwork, string> = {
  localnet: 'http://127.0.0.1:9000',
  devnet: 'https://fullnode.devnet.sui.io:443',
  testnet: 'https://fullnode.testnet.sui.io:443',
  mainnet: 'https://fullnode.mainnet.sui.io:443',
};

export function parseNetwork(value: string | undefined): SuiNetwork {
  const v = value ?? 'localnet';
  if (v === 'localnet' || v === 'devnet' || v === 'testnet' || v === 'mainnet') return v;
  throw new RangeError(`--network must be localnet, devnet, testnet or mainnet, got ${v}`);
}

/** The faucet of a network, or undefined for mainnet. */
export function faucetHost(network: SuiNetwork, override?: string): string | undefined {
  if (override !== undefined) return override;
  return network === 'mainnet' ? undefined : getFaucetHost(network);
}

/** Asks the faucet for SUI; returns the MIST sent. Throws when the faucet refuses. */
export async function fundFromFaucet(host: string, recipient: string): Promise<bigint> {
  const r = await requestSuiFromFaucetV2({ host, recipient });
  if (r.status !== 'Success')
    throw new Error(`faucet ${host} refused: ${JSON.stringify(r.status)}`);
  return (r.coins_sent ?? []).reduce((sum, c) => sum + BigInt(c.amount), 0n);
}

export { loadSuiKeypair };
