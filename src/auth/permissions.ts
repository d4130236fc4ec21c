import type { Role } from './roles.js';

/**
 * THE permission table: what each role may do, and which permission each route needs.
 * One guard enforces it on every route (auth.guard.ts); a test walks every route for every
 * role against it, and another checks that the README prints exactly this table.
 */

const OFFICERS = ['privacy-officer', 'cpo', 'app'] as const satisfies readonly Role[];

export const PERMISSIONS = {
  // Commands of the privacy officers (ECP), led by the CPO; an internal app only if its key lists them.
  'register-breach': { roles: OFFICERS },
  // The FG may also record itself that it was informed.
  'inform-dpo': { roles: [...OFFICERS, 'dpo'] },
  'assess-breach': { roles: OFFICERS },
  'report-breach-to-ap': { roles: OFFICERS },
  'supplement-breach-report': { roles: OFFICERS },
  'withdraw-breach-report': { roles: OFFICERS },
  'notify-data-subjects': { roles: OFFICERS },
  'waive-data-subject-notification': { roles: OFFICERS },
  'revoke-data-subject-notification-waiver': { roles: OFFICERS },
  'record-root-cause': { roles: OFFICERS },
  'take-measure': { roles: OFFICERS },
  'correct-breach-details': { roles: OFFICERS },
  'close-breach': { roles: OFFICERS },
  // Linking a breach to an audit recommendation (the cause analysis): the officers, and the FG, who investigates causes.
  'link-breach-to-recommendation': { roles: [...OFFICERS, 'dpo'] },
  // DPIAs (Art. 35, 36): run by the privacy officers; the FG's advice is its own act.
  'start-dpia': { roles: OFFICERS },
  'give-dpo-advice-on-dpia': { roles: ['dpo'] },
  'complete-dpia': { roles: OFFICERS },
  'request-prior-consultation': { roles: OFFICERS },
  'conclude-prior-consultation': { roles: OFFICERS },
  'abandon-dpia': { roles: OFFICERS },
  'review-dpia': { roles: OFFICERS },
  // The register of processing activities (Art. 30): kept by the privacy officers, owned by
  // the CPO, who alone publishes and retires entries.
  'register-processing-activity': { roles: ['privacy-officer', 'cpo'] },
  'amend-processing-activity': { roles: ['privacy-officer', 'cpo'] },
  'publish-processing-activity': { roles: ['cpo'] },
  'retire-processing-activity': { roles: ['cpo'] },
  // Importing an existing register: the privacy officers and the CPO, who
  // owns the registers; never an app (an import is a one-off act of a person, all or nothing).
  'import-processing-register': { roles: ['privacy-officer', 'cpo'] },
  'import-breaches': { roles: ['privacy-officer', 'cpo'] },
  // Audits: their reports are recorded by the privacy officers (auditors write nothing);
  // the FG may record itself that it was informed of an implementation.
  'complete-audit': { roles: OFFICERS },
  'issue-recommendation': { roles: OFFICERS },
  'implement-recommendation': { roles: OFFICERS },
  'inform-dpo-of-implementation': { roles: [...OFFICERS, 'dpo'] },
  // The FG's own acts: advice and verdicts (it is independent; it does not report to the AP).
  'give-dpo-advice': { roles: ['dpo'] },
  'assess-late-reason': { roles: ['dpo'] },
  // Erasing a breach's personal data (deleting its key) is for the FG and the CPO only.
  'erase-personal-data': { roles: ['dpo', 'cpo'] },
  // Inquiries of the supervisory authority: recorded and answered by the privacy officers, the
  // CPO and the FG (Art. 39(1)(e): the FG is the AP's contact point); never an app.
  'receive-inquiry': { roles: ['privacy-officer', 'dpo', 'cpo'] },
  'change-inquiry-scope': { roles: ['privacy-officer', 'dpo', 'cpo'] },
  'answer-inquiry': { roles: ['privacy-officer', 'dpo', 'cpo'] },
  'close-inquiry': { roles: ['privacy-officer', 'dpo', 'cpo'] },
  // The list shows the AP its own inquiries only; one inquiry and its answer, only its own.
  'list-inquiries': { roles: ['privacy-officer', 'dpo', 'cpo', 'auditor', 'supervisory-authority'] },
  'read-inquiry': { roles: ['privacy-officer', 'dpo', 'cpo', 'auditor', 'supervisory-authority'], scopedFor: ['supervisory-authority'] },
  // Reading one breach: the supervisory authority only within an open inquiry's scope.
  'read-breach': { roles: ['privacy-officer', 'dpo', 'cpo', 'auditor', 'supervisory-authority', 'app'], scopedFor: ['supervisory-authority'] },
  'list-breaches': { roles: ['privacy-officer', 'dpo', 'cpo', 'auditor'] },
  'read-reports': { roles: ['privacy-officer', 'dpo', 'cpo', 'auditor'] },
  // DPIAs and the register as they stand; the register also for internal apps that list it.
  'read-dpias': { roles: ['privacy-officer', 'dpo', 'cpo', 'auditor'] },
  'read-register': { roles: ['privacy-officer', 'dpo', 'cpo', 'auditor', 'app'] },
  // The published register is public information: every identity may read it.
  'read-published-register': { roles: ['privacy-officer', 'dpo', 'cpo', 'auditor', 'supervisory-authority', 'app', 'admin'] },
  // The audits and what became of their recommendations (the open ones per dienst are a report: read-reports).
  'read-audits': { roles: ['privacy-officer', 'dpo', 'cpo', 'auditor'] },
  // Replaying the log as stored (auditors; the FG and the CPO); every read is in the access log.
  'replay-log': { roles: ['dpo', 'cpo', 'auditor'] },
  // The evidence the supervisory authority and auditors verify answers with.
  'read-ledger': { roles: ['dpo', 'cpo', 'auditor', 'supervisory-authority', 'admin'] },
  // An inclusion proof names an event's hash and place: the AP gets them for the events of the breaches in scope.
  'read-inclusion-proof': { roles: ['dpo', 'cpo', 'auditor', 'supervisory-authority', 'admin'], scopedFor: ['supervisory-authority'] },
  'create-checkpoint': { roles: ['dpo', 'cpo', 'admin'] },
  // Countersigning adds a party's signature to a checkpoint, not a fact to the record: the
  // parties outside the service (the FG, an auditor, the AP) may do it.
  'cosign-checkpoint': { roles: ['dpo', 'auditor', 'supervisory-authority'] },
  'read-projections': { roles: ['cpo', 'auditor', 'admin'] },
  'rebuild-projection': { roles: ['admin'] },
  'read-access-log': { roles: ['dpo', 'admin'] },
  // The AP notification form's answers beyond the registration: the privacy officers, at intake an app that lists it.
  'record-notification-details': { roles: OFFICERS },
  // A breach's dossier (every fact, personal fields in the clear) and the prepared AP form: the privacy
  // officers, the FG and the CPO; the AP within an inquiry's scope; auditors with the personal fields redacted.
  'read-breach-dossier': { roles: ['privacy-officer', 'dpo', 'cpo', 'auditor', 'supervisory-authority'], scopedFor: ['supervisory-authority'] },
  'prepare-ap-notification': { roles: ['privacy-officer', 'dpo', 'cpo'] },
  // Deadline alerts: who was warned when is evidence the privacy organisation and its auditors read;
  // the rules, recipients and webhooks are set by the CPO (who leads the officers) and the administrator.
  'read-alerts': { roles: ['privacy-officer', 'dpo', 'cpo', 'auditor', 'admin'] },
  'manage-alerts': { roles: ['cpo', 'admin'] },
  // The operational figures (GET /metrics) name routes and counts, never a breach: the administrator,
  // and the monitoring system with an app key that lists read-metrics and nothing else.
  'read-metrics': { roles: ['admin', 'app'] },
} as const satisfies Record<string, { roles: readonly Role[]; scopedFor?: readonly Role[] }>;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** What an internal app may be allowed (each app key or token lists its own subset). */
export const APP_GRANTABLE: readonly Permission[] = PERMISSION_NAMES.filter((name) => (PERMISSIONS[name].roles as readonly Role[]).includes('app'));

/** Every route of the service, by method and path as the router knows it. */
export const ROUTE_PERMISSIONS: Record<string, Permission | 'public'> = {
  'GET /health': 'public',
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'GET /metrics': 'read-metrics',
  'POST /breaches': 'register-breach',
  'POST /breaches/:breachId/dpo-notifications': 'inform-dpo',
  'POST /breaches/:breachId/dpo-advice': 'give-dpo-advice',
  'POST /breaches/:breachId/assessments': 'assess-breach',
  'POST /breaches/:breachId/ap-reports': 'report-breach-to-ap',
  'POST /breaches/:breachId/ap-report-supplements': 'supplement-breach-report',
  'POST /breaches/:breachId/ap-report-withdrawals': 'withdraw-breach-report',
  'POST /breaches/:breachId/data-subject-notifications': 'notify-data-subjects',
  'POST /breaches/:breachId/data-subject-notification-waivers': 'waive-data-subject-notification',
  'POST /breaches/:breachId/data-subject-notification-waiver-revocations': 'revoke-data-subject-notification-waiver',
  'POST /breaches/:breachId/root-causes': 'record-root-cause',
  'POST /breaches/:breachId/measures': 'take-measure',
  'POST /breaches/:breachId/late-reason-verdicts': 'assess-late-reason',
  'POST /breaches/:breachId/corrections': 'correct-breach-details',
  'POST /breaches/:breachId/closure': 'close-breach',
  'POST /breaches/:breachId/personal-data-erasure': 'erase-personal-data',
  'POST /breaches/:breachId/recommendation-links': 'link-breach-to-recommendation',
  'POST /dpias': 'start-dpia',
  'POST /dpias/:dpiaId/dpo-advice': 'give-dpo-advice-on-dpia',
  'POST /dpias/:dpiaId/completion': 'complete-dpia',
  'POST /dpias/:dpiaId/prior-consultation-requests': 'request-prior-consultation',
  'POST /dpias/:dpiaId/prior-consultation-conclusions': 'conclude-prior-consultation',
  'POST /dpias/:dpiaId/abandonment': 'abandon-dpia',
  'POST /dpias/:dpiaId/reviews': 'review-dpia',
  'POST /processing-activities': 'register-processing-activity',
  'POST /processing-activities/:processingActivityId/amendments': 'amend-processing-activity',
  'POST /processing-activities/:processingActivityId/publication': 'publish-processing-activity',
  'POST /processing-activities/:processingActivityId/retirement': 'retire-processing-activity',
  'POST /imports/processing-activities': 'import-processing-register',
  'POST /imports/breaches': 'import-breaches',
  'POST /audits': 'complete-audit',
  'POST /audits/:auditId/recommendations': 'issue-recommendation',
  'POST /audits/:auditId/recommendations/:recommendationId/implementation': 'implement-recommendation',
  'POST /audits/:auditId/recommendations/:recommendationId/dpo-notification': 'inform-dpo-of-implementation',
  'POST /inquiries': 'receive-inquiry',
  'POST /inquiries/:inquiryId/scope-changes': 'change-inquiry-scope',
  'POST /inquiries/:inquiryId/answers': 'answer-inquiry',
  'POST /inquiries/:inquiryId/closure': 'close-inquiry',
  'GET /inquiries': 'list-inquiries',
  'GET /inquiries/:inquiryId': 'read-inquiry',
  'GET /inquiries/:inquiryId/answer': 'read-inquiry',
  'GET /breaches/:breachId': 'read-breach',
  'GET /breaches/:breachId/events': 'read-breach',
  'GET /breaches': 'list-breaches',
  'GET /breaches/deadlines': 'list-breaches',
  'GET /reports/late-reporting': 'read-reports',
  'GET /reports/annual/:year': 'read-reports',
  'GET /reports/breach-causes/:year': 'read-reports',
  'GET /reports/dpias/:year': 'read-reports',
  'GET /dpias': 'read-dpias',
  'GET /dpias/reviews-due': 'read-dpias',
  'GET /dpias/:dpiaId': 'read-dpias',
  'GET /processing-activities': 'read-register',
  'GET /processing-activities/completeness': 'read-register',
  'GET /processing-activities/:processingActivityId': 'read-register',
  'GET /processing-activities/published': 'read-published-register',
  'GET /audits': 'read-audits',
  'GET /audits/:auditId': 'read-audits',
  'GET /audits/recommendations/open': 'read-reports',
  'GET /audit/events': 'replay-log',
  'GET /audit/streams/:streamId': 'replay-log',
  'GET /audit/verification': 'replay-log',
  'GET /audit/export': 'replay-log',
  'GET /audit/public-key': 'read-ledger',
  'GET /audit/checkpoints': 'read-ledger',
  'GET /audit/proofs/inclusion': 'read-inclusion-proof',
  'GET /audit/proofs/consistency': 'read-ledger',
  'POST /audit/checkpoints': 'create-checkpoint',
  'POST /audit/checkpoints/:treeSize/cosignatures': 'cosign-checkpoint',
  'GET /projections': 'read-projections',
  'POST /projections/:name/rebuilds': 'rebuild-projection',
  'GET /access-log': 'read-access-log',
  'POST /breaches/:breachId/notification-details': 'record-notification-details',
  'GET /breaches/:breachId/dossier': 'read-breach-dossier',
  'GET /breaches/:breachId/ap-notification': 'prepare-ap-notification',
  'GET /alerts': 'read-alerts',
  'GET /alerts/dead-letters': 'read-alerts',
  'GET /alerts/rules': 'read-alerts',
  'GET /alerts/webhooks': 'manage-alerts',
  'POST /alerts/rules': 'manage-alerts',
  'POST /alerts/webhooks': 'manage-alerts',
  'POST /alerts/webhooks/:subscriptionId/secret-rotations': 'manage-alerts',
  'POST /alerts/webhooks/:subscriptionId/cancellation': 'manage-alerts',
};

export function rolesFor(permission: Permission): readonly Role[] {
  return PERMISSIONS[permission].roles;
}

export function isScopedFor(permission: Permission, role: Role): boolean {
  const scoped = (PERMISSIONS[permission] as { scopedFor?: readonly Role[] }).scopedFor;
  return scoped?.includes(role) ?? false;
}

/** The table as Markdown, as the README prints it (a test keeps the two equal). */
export function permissionTableMarkdown(roles: readonly Role[]): string {
  const header = `| permission | routes | ${roles.join(' | ')} |\n|---|---|${roles.map(() => '---').join('|')}|`;
  const rows = PERMISSION_NAMES.map((permission) => {
    const routes = Object.entries(ROUTE_PERMISSIONS)
      .filter(([, needed]) => needed === permission)
      .map(([route]) => `\`${route}\``)
      .join(', ');
    const cells = roles.map((role) => (rolesFor(permission).includes(role) ? (isScopedFor(permission, role) ? 'in scope' : role === 'app' ? 'if listed' : 'yes') : ''));
    return `| ${permission} | ${routes} | ${cells.join(' | ')} |`;
  });
  return [header, ...rows].join('\n');
}
