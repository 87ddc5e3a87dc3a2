/** The timer seam the node's background loops (recovery, epoch sync) take, and its default. */

/** Schedules `fn` once after `ms`; the handle cancels it if it has not run. */
export type SetTimer = (fn: () => void, ms: number) => { cancel(): void };

/** `setTimeout`, unref'd so that a pending retry never keeps the process alive. */
export const unrefTimer: SetTimer = (fn, ms) => {
  const t = setTimeout(fn, ms);
  t.unref();
  return { cancel: () => clearTimeout(t) };
};
