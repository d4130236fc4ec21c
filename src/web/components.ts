import type { ProblemDetails } from '../http/problem-details.js';
import { fieldErrors } from './forms.js';
import { html, type Html, type HtmlValue } from './html.js';
import { refusalText } from './i18n/refusals.js';
import { formatDateTime, type Lang } from './i18n/texts.js';
import type { PageContext } from './page-context.js';

/** `<time>` with the machine-readable moment and the Amsterdam reading. */
export function time(lang: Lang, iso: string | null | undefined): Html {
  return iso ? html`<time datetime="${iso}">${formatDateTime(lang, iso)}</time>` : html`–`;
}

export function heading(text: string): Html {
  return html`<h1 class="utrecht-heading-1">${text}</h1>`;
}

/** A table with a caption (read out by screen readers) and scoped column headers. */
export function table(caption: string, headers: readonly string[], rows: readonly (readonly HtmlValue[])[], empty: string): Html {
  if (rows.length === 0) return html`<p class="utrecht-paragraph pl-muted">${empty}</p>`;
  return html`<div class="pl-table-wrap"><table class="utrecht-table pl-table">
    <caption class="utrecht-table__caption">${caption}</caption>
    <thead class="utrecht-table__header"><tr class="utrecht-table__row">${headers.map((header) => html`<th scope="col" class="utrecht-table__header-cell">${header}</th>`)}</tr></thead>
    <tbody class="utrecht-table__body">${rows.map((row) => html`<tr class="utrecht-table__row">${row.map((cell) => html`<td class="utrecht-table__cell">${cell}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

/** An API refusal as people read it: the domain's refusal code in their language, the code itself beside it. */
export function problemAlert(lang: Lang, problem: ProblemDetails): Html {
  // Each field's problem in the page's language (the API's own texts are English), under its name in the request.
  const fields = Object.entries(fieldErrors(lang, problem.errors));
  return html`<div class="utrecht-alert utrecht-alert--error pl-error-summary" role="alert" id="error-summary" tabindex="-1">
    <div class="utrecht-alert__content">
      <p class="utrecht-alert__message"><strong>${refusalText(lang, problem)}</strong> <span class="pl-code">(${problem.code})</span></p>
      ${fields.length > 0 ? html`<ul>${fields.map(([field, message]) => html`<li><span class="pl-code">${field || '/'}</span>: ${message}</li>`)}</ul>` : ''}
    </div></div>`;
}

/** A page that could not be read from the API (not found, not in scope): the refusal, nothing else. */
export function unavailable(context: PageContext, title: string, problem: ProblemDetails): { page: Html; status: number } {
  return { page: html`${heading(title)}${problemAlert(context.lang, problem)}`, status: problem.status >= 400 && problem.status < 600 ? problem.status : 502 };
}

/** Hidden fields every form of a page carries: the CSRF token, and an idempotency key so a double submit is one command. */
export function formGuards(context: PageContext, idempotencyKey: string): Html {
  return html`<input type="hidden" name="_csrf" value="${context.csrfToken}"><input type="hidden" name="idempotencyKey" value="${idempotencyKey}">`;
}
