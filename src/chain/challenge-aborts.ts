/**
 * The aborts of `challenge::open_challenge_round` that mean "no round is due now" rather than a
 * fault: the last round is still open, the interval since it opened has not passed, an epoch
 * change is under way, or there is no committee yet. Node openers (a lost race) and the CLI
 * (telling the user why) read them the same way.
 */
import { MoveAbortError } from './errors.ts';

/** Why the chain refused to open a round now. */
export type NotDueReason = 'too-early' | 'round-open' | 'epoch-change' | 'no-committee';

const REASONS: Readonly<Record<string, NotDueReason>> = {
  ETooEarly: 'too-early',
  ERoundOpen: 'round-open',
  EEpochChangeInProgress: 'epoch-change',
  ENoCommittee: 'no-committee',
};

/** The "not now" reason `err` stands for, or undefined for any other failure. */
export function notDueReasonOf(err: unknown): NotDueReason | undefined {
  if (!(err instanceof MoveAbortError) || err.module !== 'challenge') return undefined;
  return err.constantName === undefined ? undefined : REASONS[err.constantName];
}
