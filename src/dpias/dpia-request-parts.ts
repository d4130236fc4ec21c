/** Request limits shared by the DPIA commands: the breach slice's, so that one body limit holds. */
export { LINE_MAX, TEXT_MAX } from '../http/text-limits.js';

/** At most this many measures in one completion. */
export const MEASURES_MAX = 100;
