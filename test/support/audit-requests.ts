import { COMPLETE_AUDIT_EXAMPLE } from '../../src/audits/audit-examples.js';

/** A CompleteAudit body as the privacy officers send it from an audit's report. */
export function auditBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...COMPLETE_AUDIT_EXAMPLE,
    ...overrides,
  };
}
