/**
 * Attestations this node signed, by round and answer: the same answer sent again (a prover
 * retrying after a lost reply, or anyone replaying it) gets the same signature back for the cost
 * of a hash of the body instead of a pairing per symbol. Any other answer is checked in full, so
 * a new signed symbol is always looked at (and kept as evidence when it is invalid).
 */
import { createHash } from 'node:crypto';
import type { AttestationJson } from './wire.ts';

export class AttestationCache {
  private readonly entries = new Map<string, { round: bigint; json: AttestationJson }>();

  private static key(round: bigint, body: Uint8Array): string {
    return `${round}:${createHash('sha256').update(body).digest('hex')}`;
  }

  /** The attestation signed for exactly this answer in `round`, if any. */
  get(round: bigint, body: Uint8Array): AttestationJson | undefined {
    return this.entries.get(AttestationCache.key(round, body))?.json;
  }

  set(round: bigint, body: Uint8Array, json: AttestationJson): void {
    this.entries.set(AttestationCache.key(round, body), { round, json });
  }

  /** Drops every entry of a round for which `live` says no (rounds no one can answer any more). */
  retain(live: (round: bigint) => boolean): void {
    for (const [key, entry] of this.entries) if (!live(entry.round)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
