/** How often a progress line is written at most. */
const EVERY_MS = 1000;

/**
 * A progress line for long whole-log work on the command line: events done of the total, the
 * percentage, the rate since the start and the time left at that rate. On a terminal it
 * rewrites one line; elsewhere (a log file, a pipe) it writes a line at most once a second.
 */
export class Progress {
  private readonly started: number;
  private shown: number;

  constructor(
    private readonly verb: string,
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = this.shown = now();
  }

  update(done: number, total: number): void {
    const now = this.now();
    if (now - this.shown < EVERY_MS) return;
    this.shown = now;
    this.write(progressLine(this.verb, done, total, (now - this.started) / 1000));
  }

  /** The last line, with the rate over the whole run (and the end of the terminal's rewritten line). */
  finish(done: number, total: number): void {
    this.write(progressLine(this.verb, done, total, (this.now() - this.started) / 1000));
    if (this.out.isTTY) this.out.write('\n');
  }

  private write(line: string): void {
    this.out.write(this.out.isTTY ? `\r${line}\u001b[K` : `${line}\n`);
  }
}

/** "verified 1,200,000 of 3,000,000 events (40.0%), 52,000 events/s, about 35 s left" */
export function progressLine(verb: string, done: number, total: number, seconds: number): string {
  const rate = seconds > 0 ? done / seconds : 0;
  const count = (n: number) => Math.round(n).toLocaleString('en');
  const percent = total > 0 ? `${((100 * done) / total).toFixed(1)}%` : '?%';
  const left = rate > 0 && total >= done ? `, about ${formatSeconds((total - done) / rate)} left` : '';
  return `${verb} ${count(done)} of ${count(total)} events (${percent}), ${count(rate)} events/s${left}`;
}

function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
