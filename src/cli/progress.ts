/** What the progress line needs from its surroundings; injectable for tests. */
export interface ProgressOptions {
  write(text: string): void;
  /** Whether standard error is a terminal. */
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How long a run may take before the line appears. */
  readonly delayMs?: number;
  /** How often the line is redrawn. */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

const CLEAR_LINE = '\r\u001b[2K';

/**
 * Whether to show a progress line: only on a terminal, and never in CI, where standard error
 * is a log that a redrawn line would fill with copies, or on a terminal that cannot redraw.
 */
export function progressWanted(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env.CI;
  const inCi = ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
  return isTTY && !inCi && env.TERM !== 'dumb';
}

/**
 * One line on standard error, redrawn in place, that says how many files have been linted and
 * for how long; it appears only once a run has taken longer than a second, and is erased
 * before anything else is written, so the report on the terminal is the same as without it.
 */
export class Progress {
  private files = 0;
  private drawn = '';
  private drawnAt = -Infinity;
  private active: boolean;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly started: number;
  private readonly now: () => number;
  private readonly delayMs: number;
  private readonly intervalMs: number;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
    this.delayMs = options.delayMs ?? 1000;
    this.intervalMs = options.intervalMs ?? 250;
    this.active = progressWanted(options.isTTY, options.env);
    if (!this.active) return;
    // Linting a file blocks the event loop, so the line is also redrawn as files finish; the
    // timer keeps the seconds moving while one slow file is analysed or files are read.
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref?.();
  }

  /** Whether the line may be shown at all; when not, there is nothing to count. */
  get enabled(): boolean {
    return this.active;
  }

  /** Counts one more file linted. */
  fileDone(): void {
    this.files++;
    this.tick();
  }

  /** Stops redrawing and erases the line; later calls draw nothing. */
  stop(): void {
    this.active = false;
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.drawn !== '') this.options.write(CLEAR_LINE);
    this.drawn = '';
  }

  private tick(): void {
    const now = this.now();
    if (!this.active || now - this.started < this.delayMs || now - this.drawnAt < this.intervalMs) return;
    this.drawnAt = now;
    this.draw(now);
  }

  private draw(now: number): void {
    const seconds = Math.floor((now - this.started) / 1000);
    // With worker threads the files are linted elsewhere, so only the time can be shown.
    const done = this.files === 0 ? 'linting' : `${this.files} ${this.files === 1 ? 'file' : 'files'} linted`;
    const line = `tango-lint: ${done} (${seconds}s)`;
    if (line === this.drawn) return;
    this.options.write(`${CLEAR_LINE}${line}`);
    this.drawn = line;
  }
}
