/**
 * The only source of "now" in the service. Domain code never calls `new Date()`:
 * time comes in with the command, and the infrastructure takes it from here, so tests
 * can pin it and `recordedAt` can never be supplied by a client.
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('Clock');

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved; for tests and replays. */
export class FixedClock implements Clock {
  private current: number;

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
