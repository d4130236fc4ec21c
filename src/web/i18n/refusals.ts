import type { ProblemDetails } from '../../http/problem-details.js';
import type { Lang } from './texts.js';

/**
 * The refusals of the domain and the API in Dutch and English, by their stable code. A code
 * without an entry shows the API's own (English) explanation.
 */
export const REFUSALS: Readonly<Record<string, { readonly nl: string; readonly en: string }>> = {
  'validation-failed': { nl: 'Niet alle velden zijn goed ingevuld.', en: 'Not every field is filled in correctly.' },
  forbidden: { nl: 'Uw rol mag dit niet.', en: 'Your role may not do this.' },
  unauthenticated: { nl: 'U bent niet (meer) ingelogd.', en: 'You are not (or no longer) signed in.' },
};

export function refusalText(lang: Lang, problem: ProblemDetails): string {
  const known = REFUSALS[problem.code];
  return known ? known[lang] : problem.detail;
}
