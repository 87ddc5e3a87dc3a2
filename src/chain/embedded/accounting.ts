/**
 * `system/accounting.move` for the embedded chain: per future epoch (current first) the bytes
 * sold and the rewards booked; `advance` closes the finished epoch.
 */
import { check } from './aborts.ts';
import { u64 } from './pool.ts';
import type { ChainState } from './state.ts';

const M = 'accounting';
type Accounting = ChainState['accounting'];

function window(a: Accounting, start: number, end: number): [number, number] {
  check(start >= a.firstEpoch && start <= end, M, 'ETooFarAhead');
  check(end - a.firstEpoch <= a.used.length, M, 'ETooFarAhead');
  return [start - a.firstEpoch, end - a.firstEpoch];
}

/** Books `size` bytes for epochs [start, end) against `capacity` (ENotEnoughCapacity). */
export function reserve(
  a: Accounting,
  start: number,
  end: number,
  size: bigint,
  capacity: bigint,
): void {
  const [from, to] = window(a, start, end);
  for (let i = from; i < to; i++) {
    check(a.used[i] + size <= capacity, M, 'ENotEnoughCapacity');
    a.used[i] = u64(a.used[i] + size);
  }
}

export function addRewards(a: Accounting, start: number, end: number, perEpoch: bigint): void {
  const [from, to] = window(a, start, end);
  for (let i = from; i < to; i++) a.rewards[i] = u64(a.rewards[i] + perEpoch);
}

/** Closes entry 0 and returns its rewards. */
export function advance(a: Accounting): bigint {
  a.used.shift();
  a.used.push(0n);
  const rewards = a.rewards.shift() ?? 0n;
  a.rewards.push(0n);
  a.firstEpoch += 1;
  return rewards;
}

export function usedAt(a: Accounting, epoch: number): bigint {
  if (epoch < a.firstEpoch || epoch - a.firstEpoch >= a.used.length) return 0n;
  return a.used[epoch - a.firstEpoch];
}
