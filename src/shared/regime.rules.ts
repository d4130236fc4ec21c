/**
 * The law a breach, a processing activity or an audit falls under: the AVG (GDPR), or the
 * Wpg (Wet politiegegevens: police data, e.g. processed by BOAs). A record from before the
 * regime was recorded reads as `avg`.
 */
export type Regime = 'avg' | 'wpg';
export const REGIMES: readonly Regime[] = ['avg', 'wpg'];

/** The regime of a record from before the regime was recorded: the AVG. */
export function regimeOf(recorded: { readonly regime?: Regime }): Regime {
  return recorded.regime ?? 'avg';
}
