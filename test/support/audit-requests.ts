/** A CompleteAudit body as the privacy officers send it from an audit's report. */
export function auditBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Privacy audit 2025',
    kind: 'internal',
    auditor: 'Internal Audit Office',
    scope: 'The breach register and the DPIA process',
    completedAt: '2026-02-02T10:00:00+01:00',
    findings: [{ findingId: 'B1', description: 'Breaches are not always reported to the FG.' }],
    ...overrides,
  };
}
