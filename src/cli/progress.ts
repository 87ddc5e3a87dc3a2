/**
 * A one-line progress bar on stderr for stores and reads. It stays silent for operations that end
 * within `delayMs` and when stderr is not a terminal (so pipes, `--json` consumers and logs see
 * nothing), redraws at most every `intervalMs`, and erases itself when done.
 */
import type { ProgressEvent, ProgressListener } from '../client/types.ts';

export interface ProgressBarOptions {
  /** Where to draw. Default `process.stderr`. */
  stream?: NodeJS.WriteStream;
  /** Draw only if the operation is still running after this long. Default 400 ms. */
  delayMs?: number;
  /** Minimum time between redraws. Default 100 ms. */
  intervalMs?: number;
  /** Force drawing even when the stream is not a TTY. Default: only on a TTY. */
  force?: boolean;
  /** Injected clock. */
  now?: () => number;
}

const LABELS: Record<ProgressEvent['phase'], string> = {
  encode: 'encoding',
  register: 'registering',
  upload: 'uploading',
  confirm: 'confirming',
  certify: 'certifying',
  metadata: 'metadata',
  download: 'downloading',
  'challenge-wait': 'waiting for a challenge round to close',
  decode: 'decoding',
};

export class ProgressBar {
  readonly #stream: NodeJS.WriteStream;
  readonly #enabled: boolean;
  readonly #delayMs: number;
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #start: number;
  #lastDraw = 0;
  #drawn = false;
  readonly #title: string;

  constructor(title: string, opts: ProgressBarOptions = {}) {
    this.#stream = opts.stream ?? process.stderr;
    this.#enabled = opts.force === true || this.#stream.isTTY === true;
    this.#delayMs = opts.delayMs ?? 400;
    this.#intervalMs = opts.intervalMs ?? 100;
    this.#now = opts.now ?? Date.now;
    this.#start = this.#now();
    this.#title = title;
  }

  /** The listener to hand to a client call. */
  get listener(): ProgressListener {
    return (event) => this.update(event);
  }

  update(event: ProgressEvent): void {
    if (!this.#enabled) return;
    const t = this.#now();
    if (t - this.#start < this.#delayMs) return;
    const finalStep = event.done >= event.total;
    if (!finalStep && this.#drawn && t - this.#lastDraw < this.#intervalMs) return;
    this.#lastDraw = t;
    this.#drawn = true;
    this.#stream.write('\r' + render(this.#title, event, this.#stream.columns ?? 80) + '\x1b[K');
  }

  /** Erases the bar if it was drawn. */
  done(): void {
    if (this.#drawn) this.#stream.write('\r\x1b[K');
    this.#drawn = false;
  }
}

/** One line: title, phase, a bar and the counts, fitted to `columns`. */
export function render(title: string, event: ProgressEvent, columns: number): string {
  const fraction = event.total > 0 ? Math.min(1, event.done / event.total) : 1;
  const counts =
    event.phase === 'upload' || event.phase === 'download'
      ? bytes(event.done) + '/' + bytes(event.total)
      : `${event.done}/${event.total}`;
  const head = `${title} ${LABELS[event.phase]} `;
  const tail = ` ${Math.floor(fraction * 100)}% ${counts}`;
  const width = Math.max(10, Math.min(40, columns - head.length - tail.length - 3));
  const filled = Math.round(fraction * width);
  return (head + '[' + '#'.repeat(filled) + '-'.repeat(width - filled) + ']' + tail).slice(
    0,
    Math.max(20, columns - 1),
  );
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
