/**
 * The audit the documentation shows: the body of the OpenAPI example of `POST /audits`
 * (complete-audit), a valid one. The tests complete it too, so the documented example is one
 * the service accepts.
 */
export const COMPLETE_AUDIT_EXAMPLE = {
  title: 'Privacy audit 2025',
  kind: 'internal',
  auditor: 'Internal Audit Office',
  scope: 'The breach register and the DPIA process',
  completedAt: '2026-02-02T10:00:00+01:00',
  findings: [{ findingId: 'B1', description: 'Breaches are not always reported to the FG.' }],
} as const;
