/**
 * `floe challenge open|status` as processes: against `floe chain run` with a registered
 * committee (anyone opens round 1; a second open is refused while it is open), and against
 * `floe localnet up --challenge-interval 1h`, whose nodes open round 1 by themselves and certify
 * it; opening another is then too early.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectChain } from '../../src/chain/embedded/run.ts';
import { ExitCode } from '../../src/cli/main.ts';
import { LOCAL_ADMIN } from '../../src/cli/commands/chain.ts';
import {
  FLOE_BIN,
  freePort,
  spawnFloe,
  stopProcess,
  waitForHttp,
} from '../../src/localnet/processes.ts';
import { address } from '../chain/embedded/fixture.ts';
import { eventually, registerNetwork } from '../node/network.ts';
import { runFloe } from '../e2e/helpers.ts';

const json = (out: Buffer) => JSON.parse(out.toString()) as Record<string, unknown>;

describe('floe challenge against floe chain run', () => {
  let dir: string;
  let pid: number | undefined;
  afterAll(async () => {
    if (pid !== undefined) await stopProcess(pid);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('opens a round when due, refuses a second while it is open, and shows it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'floe-challenge-cli-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const log = join(dir, 'chain.log');
    pid = spawnFloe(
      ['chain', 'run', '--dir', join(dir, 'chain'), '--port', String(port), '--shards', '10'],
      log,
    );
    await waitForHttp('chain', pid, url + '/v1/health', log, 30_000);
    const config = join(dir, 'client.json');
    await writeFile(
      config,
      JSON.stringify({ chain: { kind: 'http', url, sender: address('challenge-cli-user') } }),
    );

    // No committee yet: the chain refuses, and the command says why.
    const early = await runFloe(['--json', 'challenge', 'open', '--config', config]);
    expect(early.code).toBe(ExitCode.unavailable);
    expect(json(early.stdout).error).toMatchObject({ code: 'CHALLENGE_ROUND_NOT_DUE' });
    expect((json(early.stdout).error as { message: string }).message).toMatch(/no committee/);
    const none = await runFloe(['--json', 'challenge', 'status', '--config', config]);
    expect(none.code).toBe(ExitCode.notFound);
    expect(json(none.stdout).error).toMatchObject({ code: 'CHALLENGE_ROUND_NOT_FOUND' });

    await registerNetwork(connectChain({ baseUrl: url, sender: LOCAL_ADMIN }) as never, [
      1_000_000_000n,
      1_000_000_000n,
      1_000_000_000n,
      1_000_000_000n,
    ]);
    const opened = await runFloe(['--json', 'challenge', 'open', '--config', config]);
    expect(opened.code).toBe(ExitCode.ok);
    const r = json(opened.stdout);
    expect(r).toMatchObject({
      round: '1',
      epoch: 1,
      certified: [],
      certifiedWeight: 0,
      nShards: 10,
      closed: false,
    });
    expect(r.seed).toMatch(/^[0-9a-f]{64}$/);

    const again = await runFloe(['challenge', 'open', '--config', config]);
    expect(again.code).toBe(ExitCode.unavailable);
    expect(again.stderr).toMatch(/round 1 is still open.*\[CHALLENGE_ROUND_NOT_DUE\]/);

    const status = await runFloe(['challenge', 'status', '--round', '1', '--config', config]);
    expect(status.code).toBe(ExitCode.ok);
    expect(status.stdout.toString()).toMatch(
      /challenge round 1 \(epoch 1\): open, certified weight 0 of 10 shards/,
    );
    const bad = await runFloe(['challenge', 'status', '--round', 'x', '--config', config]);
    expect(bad.code).toBe(ExitCode.usage);
  });
});

describe('floe challenge against floe localnet up --challenge-interval', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) {
      await runFloe(['localnet', 'down', '--dir', dir]);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('nodes open and certify round 1 by themselves; the next is too early', async () => {
    dir = await mkdtemp(join(tmpdir(), 'floe-challenge-localnet-'));
    const child = spawn(
      process.execPath,
      [
        FLOE_BIN,
        '--json',
        'localnet',
        'up',
        '--dir',
        dir,
        '--nodes',
        '4',
        '--shards',
        '8',
        '--challenge-interval',
        '1h',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const rec = await new Promise<{ clientConfig: string; nodes: { config: string }[] }>(
      (resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
        });
        child.once('exit', (code) => reject(new Error(`localnet up exited with ${code}`)));
      },
    );
    for (const n of rec.nodes) {
      const config = JSON.parse(await readFile(n.config, 'utf8')) as {
        challenges?: { openRounds?: boolean };
      };
      expect(config.challenges?.openRounds).toBe(true);
    }
    const config = rec.clientConfig;
    let round: Record<string, unknown> = {};
    await eventually(
      async () => {
        const s = await runFloe(['--json', 'challenge', 'status', '--config', config]);
        if (s.code !== ExitCode.ok) return false;
        round = json(s.stdout);
        return round.closed === true && (round.certified as unknown[]).length === 4;
      },
      'the nodes to open round 1 and all certify it',
      60,
      500,
    );
    expect(round).toMatchObject({ round: '1', epoch: 1, certifiedWeight: 8, quorum: true });
    const next = await runFloe(['challenge', 'open', '--config', config]);
    expect(next.code).toBe(ExitCode.unavailable);
    expect(next.stderr).toMatch(/too early: next round from \d{4}-\d\d-\d\dT/);
    const gone = await runFloe([
      '--json',
      'challenge',
      'status',
      '--round',
      '9',
      '--config',
      config,
    ]);
    expect(gone.code).toBe(ExitCode.notFound);
  });
});
