/**
 * Which state of a view a query asks for: live, once the projections have `minPosition` (read
 * your write), or as of a moment (`asOf`, ISO-8601 UTC): as it would have been computed from
 * the events recorded up to then. Not both: minPosition waits for the live projections, which
 * a view as of a moment does not read (it folds the log itself, so every recorded event is
 * already there), and an answer to a question nobody asked would only mislead.
 */
export interface ReadAt {
  readonly minPosition?: bigint;
  readonly asOf?: string;
}

export type AsOfRefusal = 'as-of-in-future' | 'as-of-with-min-position';

/** A time-travel question that cannot be answered (HTTP 400). */
export class AsOfRefusedError extends Error {
  constructor(
    readonly code: AsOfRefusal,
    message: string,
    readonly details: { readonly asOf: string; readonly now?: string; readonly minPosition?: string },
  ) {
    super(message);
    this.name = 'AsOfRefusedError';
  }
}

/**
 * Refuses an asOf with minPosition, and an asOf later than now plus the skew the service
 * allows business times (BUSINESS_TIME_MAX_SKEW_SECONDS): the future has no events yet, and a
 * view "as of" it would pass off today's state, judged by a clock that has not come, as then.
 */
export function checkReadAt(at: ReadAt, now: Date, maxSkewMs: number): void {
  if (at.asOf === undefined) return;
  if (at.minPosition !== undefined) {
    throw new AsOfRefusedError('as-of-with-min-position', 'asOf and minPosition cannot be combined: a view as of a moment is folded from the log itself', {
      asOf: at.asOf,
      minPosition: at.minPosition.toString(),
    });
  }
  if (Date.parse(at.asOf) > now.getTime() + maxSkewMs) {
    throw new AsOfRefusedError('as-of-in-future', `asOf ${at.asOf} lies in the future (now is ${now.toISOString()})`, { asOf: at.asOf, now: now.toISOString() });
  }
}
