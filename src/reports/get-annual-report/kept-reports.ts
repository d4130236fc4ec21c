/**
 * The latest yearly report computed per year, kept with the versions of the documents it was
 * computed from (ViewSource.versions: each projection's collection and position). A request
 * whose documents are those same versions is answered with it, instead of reading every
 * breach row and cause document of the log and computing the figures again; any event that
 * moves a projection, and any rebuild, gives new versions, so the figures are computed anew.
 * The report is a pure function of those documents and the configuration, never of the clock.
 */
export class KeptReports<T> {
  private readonly byYear = new Map<number, { readonly versions: string; readonly report: T }>();

  constructor(private readonly maxYears: number) {}

  async get(year: number, versions: string | undefined, compute: () => Promise<T>): Promise<T> {
    // As of a moment (no versions): computed every time, never kept.
    if (versions === undefined) return compute();
    const kept = this.byYear.get(year);
    if (kept?.versions === versions) return kept.report;
    const report = await compute();
    this.byYear.delete(year);
    this.byYear.set(year, { versions, report });
    if (this.byYear.size > this.maxYears) this.byYear.delete(this.byYear.keys().next().value as number);
    return report;
  }
}
