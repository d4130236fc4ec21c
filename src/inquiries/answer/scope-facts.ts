import { amsterdamYear } from '../../../projections/stream.js';
import { scopeFactsOf, type ScopeFacts } from '../inquiry.rules.js';

/**
 * What the log says of one breach that decides whether a period or a criterion takes it in:
 * awareAt and processorInformedAt (as detected, then as corrected) and the first filing (as filed, then as corrected).
 * Only non-personal fields of three event types are read, so the verifier can fold the same
 * from events whose personal fields it cannot decrypt. Lateness by the 72-hour rule.
 */
export class ScopeFactsFold {
  private awareAt: string | null = null;
  private processorInformedAt: string | null = null;
  private reportedAt: string | null = null;

  /** `data` as stored: personal fields may still be ciphertext; none of them is read. */
  add(type: string, data: Readonly<Record<string, unknown>>): void {
    if (type === 'BreachDetected') {
      this.awareAt = String(data.awareAt);
      this.processorInformedAt = typeof data.processorInformedAt === 'string' ? data.processorInformedAt : null;
    }
    else if (type === 'BreachReportedToAP') this.reportedAt ??= String(data.reportedAt);
    else if (type === 'BreachDetailsCorrected' && Array.isArray(data.corrections)) {
      for (const correction of data.corrections as { field?: unknown; to?: unknown }[]) {
        if (correction.field === 'awareAt') this.awareAt = String(correction.to);
        if (correction.field === 'processorInformedAt') this.processorInformedAt = typeof correction.to === 'string' ? correction.to : null;
        if (correction.field === 'reportedAt' && this.reportedAt !== null) this.reportedAt = String(correction.to);
      }
    }
  }

  /** Undefined until BreachDetected was folded in. */
  facts(): ScopeFacts | undefined {
    if (this.awareAt === null) return undefined;
    const { awareAt, processorInformedAt, reportedAt } = this;
    return scopeFactsOf({ awareAt, processorInformedAt, year: amsterdamYear(awareAt), reportedAt });
  }
}
