/**
 * Uploads that go on after a store returned: the slivers of nodes that had not confirmed when
 * the certificate was ready. Finishing them spares those nodes rebuilding the slivers from their
 * peers. Each is stopped after `maxMs`; `drain` lets a process that is about to exit wait for
 * them (bounded), and `stopAll` drops them.
 */
export class BackgroundUploads {
  readonly #running = new Map<Promise<void>, { stop: () => void; timer: NodeJS.Timeout }>();
  readonly #maxMs: number;

  constructor(maxMs: number) {
    if (!(maxMs >= 0)) throw new RangeError(`maxMs must be >= 0, got ${maxMs}`);
    this.#maxMs = maxMs;
  }

  /** Keeps `remaining` running for at most `maxMs`, then calls `stop`. */
  add(remaining: Promise<void>, stop: () => void): void {
    if (this.#maxMs === 0) return stop();
    const timer = setTimeout(stop, this.#maxMs);
    // A pending background upload must not keep a finished process alive.
    timer.unref();
    this.#running.set(remaining, { stop, timer });
    void remaining.finally(() => {
      clearTimeout(timer);
      this.#running.delete(remaining);
    });
  }

  /** How many stores still have uploads running. */
  get size(): number {
    return this.#running.size;
  }

  /** Waits until every background upload ended, or `timeoutMs` passed (then stops the rest). */
  async drain(timeoutMs: number): Promise<void> {
    if (this.#running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.#running.keys()]), timeout]);
    clearTimeout(timer);
    this.stopAll();
  }

  /** Stops every background upload now. */
  stopAll(): void {
    for (const { stop, timer } of this.#running.values()) {
      clearTimeout(timer);
      stop();
    }
  }
}
