/**
 * `floe challenge open|status --config FILE`: storage challenge rounds (PROTOCOL.md section 7).
 * Anyone may open a round that is due; the chain says when one is not (the command then fails
 * with CHALLENGE_ROUND_NOT_DUE, exit code 5, naming why). `status` shows a round's epoch, seed,
 * certified nodes and weight, and whether it closed.
 */
import type { Command } from 'commander';
import {
  challengeRoundStatus,
  openChallengeRound,
  type ChallengeRoundReport,
} from '../../client/challenge.ts';
import { loadClientConfig } from '../../client/config.ts';
import { connectChain } from '../../client/connect.ts';
import type { ChainClient } from '../../chain/types.ts';
import { contextFrom, type CliContext } from '../context.ts';
import { clientConfigFile, withConfigOption } from './client-setup.ts';
import { parsePositiveInt } from './parse.ts';

export function registerChallenge(program: Command): void {
  const challenge = program
    .command('challenge')
    .description('storage challenge rounds: open a due round, show a round');
  withConfigOption(
    challenge.command('open').description('open a challenge round if one is due (anyone may)'),
  ).action(async (opts: { config?: string }, cmd: Command) => {
    const ctx = contextFrom(cmd);
    await withChain(ctx, opts.config, async (chain) => {
      const r = await openChallengeRound(chain);
      ctx.print(r, `opened challenge round ${r.round} (epoch ${r.epoch}, seed ${r.seed})`);
    });
  });
  withConfigOption(
    challenge
      .command('status')
      .description('show a challenge round (default: the latest)')
      .option('-r, --round <n>', 'round number', parsePositiveInt('--round')),
  ).action(async (opts: { config?: string; round?: number }, cmd: Command) => {
    const ctx = contextFrom(cmd);
    await withChain(ctx, opts.config, async (chain) => {
      const r = await challengeRoundStatus(
        chain,
        opts.round === undefined ? undefined : BigInt(opts.round),
      );
      ctx.print(r, describe(r));
    });
  });
}

async function withChain(
  ctx: CliContext,
  configPath: string | undefined,
  fn: (chain: ChainClient) => Promise<void>,
): Promise<void> {
  const config = await loadClientConfig(clientConfigFile(configPath));
  const connected = await connectChain(config.chain, ctx.log);
  try {
    await fn(connected.client);
  } finally {
    await connected.close();
  }
}

function describe(r: ChallengeRoundReport): string {
  const state = r.closed ? 'closed' : 'open';
  const lines = [
    `challenge round ${r.round} (epoch ${r.epoch}): ${state}, certified weight ${r.certifiedWeight} of ${r.nShards} shards${r.quorum ? ' (quorum)' : ''}`,
    `  seed ${r.seed}`,
    `  certified nodes: ${r.certified.length}`,
    ...r.certified.map((c) => `    ${(c.name ?? '?').padEnd(12)} ${c.nodeId}`),
  ];
  if (r.latest && r.nextRoundFromMs !== null)
    lines.push(
      `  next round: ${r.closed ? 'from' : 'once this one closed, not before'} ${new Date(Number(r.nextRoundFromMs)).toISOString()}`,
    );
  return lines.join('\n');
}
