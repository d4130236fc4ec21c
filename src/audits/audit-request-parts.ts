/** Request limits shared by the audit commands: the breach slice's, so that one body limit holds. */
export { LINE_MAX, TEXT_MAX } from '../http/text-limits.js';

/** At most this many findings in one audit report. */
export const FINDINGS_MAX = 200;

/** A finding's reference in the report (e.g. "B3"). */
export const FINDING_ID_MAX = 100;
