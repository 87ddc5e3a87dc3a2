/**
 * `floe node register --config FILE [--capacity B] [--commission-bps N] [--stake MIST] [--url U]`:
 * registers the node of a config file on its chain (embedded or Sui) and writes the node and cap
 * IDs into the file (src/operator/register-config.ts).
 */
import { randomBytes } from 'node:crypto';
import { InvalidArgumentError, type Command } from 'commander';
import { connectOperatorChain } from '../../operator/connect.ts';
import { registerNodeFromConfig } from '../../operator/register-config.ts';
import { contextFrom } from '../context.ts';
import { parseBytes } from './parse.ts';
import { parseAmount } from './stake.ts';

function parseBps(raw: string): number {
  const v = Number(raw);
  if (!/^\d+$/.test(raw) || v > 10_000)
    throw new InvalidArgumentError(`--commission-bps must be an integer 0..10000, got ${raw}`);
  return v;
}

/** Adds `register` to the existing `node` command group. */
export function registerNodeRegister(program: Command): void {
  const node = program.commands.find((c) => c.name() === 'node');
  if (node === undefined) throw new Error('the node command group must be registered first');
  node
    .command('register')
    .description(
      'register the node of a config file on its chain (generating its BLS key if the key file is missing) and record the node and cap IDs in the file',
    )
    .requiredOption('--config <file>', 'node config file (JSON, see src/node/config.ts)')
    .option(
      '--capacity <bytes>',
      'storage the node offers in bytes, e.g. 512G (default 1 TiB)',
      parseBytes('--capacity'),
      2 ** 40,
    )
    .option('--commission-bps <n>', "commission on stakers' rewards, basis points", parseBps, 0)
    .option(
      '--stake <mist>',
      'stake this much (MIST) with the new node from the operator account',
      parseAmount('--stake'),
    )
    .option('--url <url>', "the node's public URL (default http://<listen.host>:<listen.port>)")
    .action(
      async (
        opts: {
          config: string;
          capacity: number;
          commissionBps: number;
          stake?: bigint;
          url?: string;
        },
        cmd: Command,
      ) => {
        const ctx = contextFrom(cmd);
        const r = await registerNodeFromConfig({
          configFile: opts.config,
          connect: (config) => connectOperatorChain(config, ctx.log),
          capacity: BigInt(opts.capacity),
          commissionBps: opts.commissionBps,
          ...(opts.stake !== undefined ? { stake: opts.stake } : {}),
          ...(opts.url !== undefined ? { url: opts.url } : {}),
          randomBytes: (n) => new Uint8Array(randomBytes(n)),
          log: ctx.log,
        });
        ctx.print(
          r,
          [
            `node ${r.name} registered as ${r.nodeId} (cap ${r.capId}, operator ${r.operator})`,
            `  url ${r.networkAddress}; BLS key ${r.keyCreated ? 'generated' : 'loaded'}${r.stakedId ? `; staked (${r.stakedId})` : ''}`,
            `  ${r.configFile} updated; start it with: floe node run --config ${r.configFile}`,
          ].join('\n'),
        );
      },
    );
}
