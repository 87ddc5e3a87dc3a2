/**
 * Publishes the Floe Move package to a Sui network and creates its shared System, then writes the
 * deployment file the coordinator reads.
 *
 *   npm run sui:publish -- [--network localnet] [--rpc URL] [--out sui-deployment.json]
 *                          [--package move] [--params params.json] [--no-faucet] [--build-arg ARG]...
 *                          [--via-cli [--build-env testnet]]
 *
 * By default `sui move build --dump-bytecode-as-base64` compiles and the script publishes the
 * bytecode with its own key. With --via-cli the CLI publishes from its active address
 * (`sui client test-publish --build-env <env>` on localnet, `sui client publish` elsewhere) and
 * the script then creates the System with the same key (keep SUI_PRIVATE_KEY unset or equal).
 *
 * Localnet: start one with `RUST_LOG="off,sui_node=info" sui start --with-faucet --force-regenesis`.
 * The key is SUI_PRIVATE_KEY or the active key of ~/.sui/sui_config/sui.keystore. On localnet,
 * devnet and testnet the faucet funds the key first when it holds less than 5 SUI.
 * Exit codes: 0 published, 2 `sui` not on PATH, 1 any other failure.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { writeDeployment } from '../../src/chain/sui/deployment.ts';
import {
  buildPackageBytecode,
  defaultSystemParams,
  publishFloe,
  publishWithCli,
  SuiCliMissingError,
  suiCliVersion,
} from '../../src/chain/sui/publish.ts';
import type { SystemParams } from '../../src/chain/types.ts';
import { createLogger } from '../../src/util/log.ts';
import { DEFAULT_RPC, faucetHost, fundFromFaucet, loadSuiKeypair, parseNetwork } from './common.ts';

const MIN_BALANCE = 5_000_000_000n;

/** SystemParams from JSON: integers as numbers or decimal strings; missing fields take the defaults. */
function readParams(path: string | undefined): SystemParams {
  const params = defaultSystemParams();
  if (path === undefined) return params;
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  for (const [key, value] of Object.entries(json)) {
    if (!(key in params)) throw new RangeError(`${path}: unknown parameter ${key}`);
    const current = params[key as keyof SystemParams];
    (params as unknown as Record<string, unknown>)[key] =
      typeof current === 'bigint' ? BigInt(value as string) : Number(value);
  }
  return params;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      network: { type: 'string' },
      rpc: { type: 'string' },
      out: { type: 'string', default: 'sui-deployment.json' },
      package: { type: 'string', default: 'move' },
      params: { type: 'string' },
      faucet: { type: 'string' },
      'no-faucet': { type: 'boolean', default: false },
      'build-arg': { type: 'string', multiple: true, default: [] },
      'via-cli': { type: 'boolean', default: false },
      'build-env': { type: 'string' },
    },
  });
  const log = createLogger({ name: 'sui-publish' });
  const version = suiCliVersion();
  if (version === null) {
    process.stderr.write(
      'sui CLI not found on PATH: the Move package cannot be compiled or published from this machine.\n' +
        'Install Sui (https://docs.sui.io/guides/developer/getting-started/sui-install) and run this again.\n',
    );
    return 2;
  }
  const network = parseNetwork(values.network);
  const rpcUrl = values.rpc ?? DEFAULT_RPC[network];
  const signer = await loadSuiKeypair();
  const sender = signer.toSuiAddress();
  const client = new SuiGrpcClient({ network, baseUrl: rpcUrl });
  log.info({ sui: version, network, rpcUrl, sender }, 'publishing Floe');

  const faucet = values['no-faucet'] ? undefined : faucetHost(network, values.faucet);
  const { balance } = await client.core.getBalance({ owner: sender });
  if (BigInt(balance.balance) < MIN_BALANCE && faucet !== undefined) {
    const sent = await fundFromFaucet(faucet, sender);
    log.info({ faucet, sent: sent.toString() }, 'funded from faucet');
  }

  const source = values['via-cli']
    ? {
        published: publishWithCli({
          packageDir: values.package,
          network,
          buildEnv: values['build-env'],
          extraArgs: values['build-arg'],
        }),
      }
    : { bytecode: buildPackageBytecode(values.package, values['build-arg']) };
  const deployment = await publishFloe({
    client,
    signer,
    network,
    rpcUrl,
    source,
    params: readParams(values.params),
    logger: log,
    faucetUrl: faucet,
  });
  await writeDeployment(values.out, deployment);
  process.stdout.write(`${JSON.stringify(deployment, null, 2)}\nwritten to ${values.out}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof SuiCliMissingError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(
      `sui publish failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
