import { describe, expect, it } from 'vitest';
import { ProgressBar, render } from '../../src/cli/progress.ts';

/** A terminal-like stream that records what is written. */
function terminal(isTTY: boolean) {
  const writes: string[] = [];
  const stream = {
    isTTY,
    columns: 80,
    write: (s: string) => writes.push(s),
  } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

describe('ProgressBar', () => {
  it('stays silent for quick operations and off a terminal', () => {
    let now = 0;
    const tty = terminal(true);
    const quick = new ProgressBar('f', { stream: tty.stream, delayMs: 400, now: () => now });
    now = 100;
    quick.update({ phase: 'upload', done: 10, total: 100 });
    quick.done();
    expect(tty.writes).toEqual([]);

    const pipe = terminal(false);
    const bar = new ProgressBar('f', { stream: pipe.stream, delayMs: 0, now: () => now });
    bar.update({ phase: 'upload', done: 10, total: 100 });
    expect(pipe.writes).toEqual([]);
  });

  it('draws after the delay, throttles redraws, and erases itself', () => {
    let now = 0;
    const tty = terminal(true);
    const bar = new ProgressBar('blob', {
      stream: tty.stream,
      delayMs: 400,
      intervalMs: 100,
      now: () => now,
    });
    now = 500;
    bar.update({ phase: 'upload', done: 512 * 1024, total: 1024 * 1024 });
    now = 520;
    bar.update({ phase: 'upload', done: 600 * 1024, total: 1024 * 1024 });
    expect(tty.writes).toHaveLength(1);
    expect(tty.writes[0]).toContain('uploading');
    expect(tty.writes[0]).toContain('50%');
    now = 530;
    bar.update({ phase: 'upload', done: 1024 * 1024, total: 1024 * 1024 });
    expect(tty.writes).toHaveLength(2);
    bar.done();
    expect(tty.writes.at(-1)).toBe('\r\x1b[K');
  });

  it('fits the line to the terminal width', () => {
    const line = render(
      'a-rather-long-file-name.bin',
      { phase: 'download', done: 3, total: 4 },
      40,
    );
    expect(line.length).toBeLessThanOrEqual(39);
    expect(render('x', { phase: 'encode', done: 0, total: 0 }, 80)).toContain('100%');
  });
});
