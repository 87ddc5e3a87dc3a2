/**
 * Requests SUI from a network's faucet (localnet `http://127.0.0.1:9123` by default).
 *
 *   npm run sui:faucet -- [--network localnet] [--address 0x...] [--faucet URL]
 *
 * Without --address it funds the signing key (SUI_PRIVATE_KEY or the keystore's active key).
 */
import { parseArgs } from 'node:util';
import { faucetHost, fundFromFaucet, loadSuiKeypair, parseNetwork } from './common.ts';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      network: { type: 'string' },
      address: { type: 'string' },
      faucet: { type: 'string' },
    },
  });
  const network = parseNetwork(values.network);
  const host = faucetHost(network, values.faucet);
  if (host === undefined) {
    process.stderr.write('mainnet has no faucet\n');
    return 1;
  }
  const recipient = values.address ?? (await loadSuiKeypair()).toSuiAddress();
  const sent = await fundFromFaucet(host, recipient);
  process.stdout.write(`faucet ${host} sent ${sent} MIST to ${recipient}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `faucet request failed: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
