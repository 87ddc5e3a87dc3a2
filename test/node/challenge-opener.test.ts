/**
 * Nodes open challenge rounds by themselves (src/node/challenge/opener.ts) on the real embedded
 * chain with four real storage nodes in this process: a round opens without anyone calling the
 * chain by hand, and closes with every honest node certified. Openers racing for the same round
 * produce one round; the loser's abort is expected (debug), never a warning.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MoveAbortError } from '../../src/chain/errors.ts';
import { parseNodeConfig } from '../../src/node/config.ts';
import type { StorageNode } from '../../src/node/node.ts';
import {
  checkDelayMs,
  isExpectedOpenAbort,
  roundDue,
  RoundOpener,
  type OpenerChain,
} from '../../src/node/challenge/opener.ts';
import type { Logger } from '../../src/util/log.ts';
import { address } from '../chain/embedded/fixture.ts';
import { openFourNodes, type FourNodes } from './four-nodes.ts';
import { blobOf } from './helpers.ts';
import { ADMIN, NET_PARAMS, eventually, type NetNode } from './network.ts';

interface LogLine {
  level: number;
  msg: string;
  component?: string;
  round?: string;
}

/** A logger that keeps every line's level, message and bindings. */
function capturingLogger(level = 'debug'): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = pino(
    { level },
    { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  );
  return { log: log as unknown as Logger, lines };
}
const WARN = 40;

describe('nodes open challenge rounds by themselves', () => {
  let net: FourNodes;
  let nodes: NetNode[];
  let running: StorageNode[] = [];
  let client: FourNodes['client'];

  const start = (n: NetNode, openRounds: boolean, log?: Logger): Promise<StorageNode> =>
    net.start(n, { openRounds, ...(log ? { log } : {}) });

  beforeAll(async () => {
    net = await openFourNodes();
    ({ nodes, client } = net);
    // Rounds every 4 s of chain time (its clock moves only when the test advances it), so the
    // nodes look at the chain about every second and round 1 stays on record.
    const admin = client(ADMIN);
    const params = await admin.getParams();
    const { adminCapId } = await admin.getChainInfo();
    await admin.setParams({ adminCapId, params: { ...params, challengeIntervalMs: 4_000n } });
    // A certified blob for the rounds to challenge, stored while no node opens rounds.
    running = await net.startAll();
    await net.storeBlob(await blobOf(3_000, 10, 201), running);
    await Promise.all(running.map((r) => r.close()));
    running = [];
  });

  afterAll(async () => {
    await Promise.all(running.map((r) => r.close()));
    net.close();
  });

  it('reads challenges.openRounds from the node config (default off)', () => {
    const base = {
      nodeId: '0x' + '11'.repeat(32),
      storagePath: 'data',
      protocolKeyFile: 'key',
      chain: { kind: 'http', url: 'http://127.0.0.1:1' },
    };
    expect(parseNodeConfig(base).challenges).toEqual({ openRounds: false });
    expect(parseNodeConfig({ ...base, challenges: { openRounds: true } }).challenges).toEqual({
      openRounds: true,
    });
    expect(() => parseNodeConfig({ ...base, challenges: { openRounds: 'yes' } })).toThrow(
      /challenges.openRounds must be true or false/,
    );
    expect(() => parseNodeConfig({ ...base, challenges: [] })).toThrow(
      /challenges must be an object/,
    );
  });

  it('decides from the chain state whether a round is due', () => {
    const params = { ...NET_PARAMS, challengeIntervalMs: 1_000n };
    const done = { kind: 'Done' } as const;
    const base = { latestRound: 3n, lastRoundOpenedMs: 5_000n, params, epochState: done };
    expect(roundDue({ ...base, latestRound: null }, null, 0)).toEqual({ due: true });
    expect(roundDue(base, { closed: false }, 10_000)).toEqual({ due: false, reason: 'round-open' });
    expect(roundDue(base, { closed: true }, 5_999)).toEqual({
      due: false,
      reason: 'too-early',
      fromMs: 6_000n,
    });
    expect(roundDue(base, { closed: true }, 6_000)).toEqual({ due: true });
    expect(
      roundDue({ ...base, epochState: { kind: 'Syncing', reportedWeight: 0 } }, null, 9e9),
    ).toEqual({ due: false, reason: 'epoch-change' });
    // A quarter of the interval, capped at a minute, with jitter in [0.5, 1.5).
    expect(checkDelayMs(1_000n, () => 0)).toBe(125);
    expect(checkDelayMs(1_000n, () => 0.999)).toBeLessThanOrEqual(375);
    expect(checkDelayMs(3_600_000n, () => 0.5)).toBe(60_000);
  });

  it('with openRounds on, nodes open a round that closes with every honest node certified', async () => {
    expect((await client(ADMIN).getSystemState()).latestRound).toBe(null);
    const logs = nodes.map(() => capturingLogger('info'));
    running = await Promise.all(nodes.map((n, i) => start(n, true, logs[i].log)));
    // Nobody here calls open_challenge_round: the nodes do.
    await eventually(
      async () => (await client(ADMIN).getSystemState()).latestRound !== null,
      'a node to open the first round',
    );
    await eventually(
      async () => (await client(ADMIN).getChallengeRound(1n))?.certified.length === nodes.length,
      'all four nodes to certify round 1',
      900,
    );
    const r = (await client(ADMIN).getChallengeRound(1n))!;
    expect(r.closed).toBe(true);
    expect([...r.certified].sort()).toEqual(nodes.map((n) => n.nodeId).sort());
    // The interval passes on the chain's clock: the nodes open the next round as well.
    net.advance(5_000n);
    await eventually(
      async () => ((await client(ADMIN).getSystemState()).latestRound ?? 0n) >= 2n,
      'the nodes to open round 2 once due',
    );
    // Four nodes raced for each round: one opened it, the others' refusals stayed below warn.
    const openerLines = logs.flatMap((l) =>
      l.lines.filter((x) => x.component === 'challenge-opener'),
    );
    const opened = openerLines.filter((x) => x.msg === 'opened a challenge round');
    expect(opened.filter((x) => x.round === '1')).toHaveLength(1);
    expect(opened.filter((x) => x.round === '2')).toHaveLength(1);
    expect(openerLines.filter((x) => x.level >= WARN)).toEqual([]);
    await Promise.all(running.map((r) => r.close()));
    running = [];
  });

  it('two openers racing for a due round open one round; the loser logs at debug only', async () => {
    const state = await client(ADMIN).getSystemState();
    const latest = await client(ADMIN).getChallengeRound(state.latestRound!);
    // Wait for the previous test's round to close if the nodes had not yet (they are stopped).
    if (latest && !latest.closed) {
      running = await Promise.all(nodes.map((n) => start(n, false)));
      await eventually(
        async () => (await client(ADMIN).getChallengeRound(state.latestRound!))!.closed,
        'the last round to close',
        900,
      );
      await Promise.all(running.map((r) => r.close()));
      running = [];
    }
    net.advance(5_000n);
    const before = (await client(ADMIN).getSystemState()).latestRound!;
    // Both read the chain, then both send: the chain takes the first and aborts the second.
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((r) => (release = r));
    const racer = (sender: string): OpenerChain => {
      const c = client(address(sender));
      return {
        getSystemState: () => c.getSystemState(),
        getChallengeRound: (round) => c.getChallengeRound(round),
        openChallengeRound: async () => {
          if (++arrived === 2) release();
          await bothRead;
          return c.openChallengeRound();
        },
      };
    };
    const logs = [capturingLogger(), capturingLogger()];
    const openers = logs.map(
      (l, i) => new RoundOpener({ chain: racer(`opener-${i}`), log: l.log, now: () => 9e15 }),
    );
    const results = await Promise.all(openers.map((o) => o.tryOpen()));
    expect(results.map((r) => r.kind).sort()).toEqual(['lost', 'opened']);
    expect(results.find((r) => r.kind === 'lost')).toEqual({ kind: 'lost', abort: 'ERoundOpen' });
    expect((await client(ADMIN).getSystemState()).latestRound).toBe(before + 1n);
    for (const l of logs) expect(l.lines.filter((x) => x.level >= WARN)).toEqual([]);
    expect(logs.some((l) => l.lines.some((x) => x.msg.includes('not opened')))).toBe(true);

    // The same abort straight from the chain is one the opener expects; others are not.
    const err = await client(ADMIN)
      .openChallengeRound()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MoveAbortError);
    expect(isExpectedOpenAbort(err)).toBe(true);
    expect(isExpectedOpenAbort(new Error('connection refused'))).toBe(false);
  });

  it('the loop keeps asking on its timer and stops cleanly', async () => {
    const { log, lines } = capturingLogger();
    const pending: (() => void)[] = [];
    const setTimer = (fn: () => void) => {
      pending.push(fn);
      return { cancel: () => undefined };
    };
    const opener = new RoundOpener({
      chain: client(address('opener-loop')),
      log,
      setTimer,
      random: () => 0.5,
      now: () => 9e15,
    });
    opener.start();
    // Each fired timer is one look at the chain; the round stays open (no node proves).
    for (let i = 0; i < 3; i++) {
      await eventually(() => pending.length > 0, 'the next look to be scheduled');
      pending.shift()!();
    }
    await eventually(() => pending.length > 0, 'the look after that to be scheduled');
    await opener.stop();
    pending.shift()!();
    expect(pending).toEqual([]);
    expect(lines.filter((x) => x.level >= WARN)).toEqual([]);
  });
});
