/** What every per-dienst figure shares: which diensten it lists, in which order. */

/** Text in code-unit order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The configured diensten (each listed, even with nothing to count), then any other a row names (an old or imported one), sorted. */
export function dienstenOf(rows: readonly { readonly dienst: string }[], diensten: readonly string[]): string[] {
  const others = [...new Set(rows.map((row) => row.dienst))].filter((dienst) => !diensten.includes(dienst)).sort(compareText);
  return [...diensten, ...others];
}
