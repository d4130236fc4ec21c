import { html, type Html, type HtmlValue } from './html.js';
import { fromLocalInput, toLocalInput, type Lang } from './i18n/texts.js';

/** What a form posted (application/x-www-form-urlencoded): a field's values, one or many. */
export type FormBody = Readonly<Record<string, string | readonly string[] | undefined>>;

export const formValue = (body: FormBody, name: string): string | undefined => {
  const value = body[name];
  return typeof value === 'string' ? value : value?.[0];
};
export const formValues = (body: FormBody, name: string): readonly string[] => {
  const value = body[name];
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
};
/** A text field: trimmed, and absent when empty (the API then says it is required, or leaves it out). */
export const formText = (body: FormBody, name: string): string | undefined => {
  const value = formValue(body, name)?.trim();
  return value === undefined || value === '' ? undefined : value;
};
/** A whole number field, or the text as typed (the API refuses it with a field error). */
export const formNumber = (body: FormBody, name: string): number | string | undefined => {
  const value = formText(body, name);
  return value !== undefined && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
};

/** The hidden companion of a moment field pre-filled with the present minute: the value offered. */
export const offeredName = (name: string): string => `${name}:offered`;

/**
 * The moment a moment field offers (the present minute, or what the refused form offered), and
 * its hidden companion: sent back unchanged, the act happened when the form was sent (see momentOf).
 */
export function offeredMoment(body: FormBody, name: string): { readonly offered: string; readonly value: string; readonly hidden: Html } {
  const offered = formValue(body, offeredName(name)) ?? toLocalInput(new Date());
  return { offered, value: formValue(body, name) ?? offered, hidden: html`<input type="hidden" name="${offeredName(name)}" value="${offered}">` };
}

/**
 * A datetime-local field (Amsterdam wall time, minutes only) as UTC ISO-8601. Left as offered (the
 * present minute when the form was shown), it is the moment the form was sent: an act done a
 * minute after the form appeared, or in the same minute as the act before it, is then neither
 * backdated nor out of order. Typed by the person, it is that wall time; a value that is no such
 * time is passed on as typed, for the API to refuse.
 */
export function momentOf(body: FormBody, name: string, now: Date = new Date()): string | undefined {
  const text = formText(body, name);
  if (text === undefined) return undefined;
  if (text === formText(body, offeredName(name))) return now.toISOString();
  return fromLocalInput(text) ?? text;
}

/** The errors of a refused form, by field name (the API's JSON pointer without its slash). */
export type FieldErrors = Readonly<Record<string, string>>;

const MESSAGES: Readonly<Record<Lang, { required: string; dateTime: string; number: string; choice: string; other: string }>> = {
  nl: { required: 'Dit veld is verplicht.', dateTime: 'Vul een geldige datum en tijd in.', number: 'Vul een geheel getal van 0 of meer in.', choice: 'Kies een van de mogelijkheden.', other: 'Deze waarde is niet geldig: {message}' },
  en: { required: 'This field is required.', dateTime: 'Enter a valid date and time.', number: 'Enter a whole number of 0 or more.', choice: 'Choose one of the options.', other: 'This value is not valid: {message}' },
};

/** The API's field problems (class-validator's English) as messages in the page's language, keyed by the field's path (`dataSubjects.count`). */
export function fieldErrors(lang: Lang, errors: unknown): FieldErrors {
  const byField = new Map<string, string[]>();
  if (!Array.isArray(errors)) return {};
  for (const error of errors as { pointer?: unknown; message?: unknown }[]) {
    const pointer = typeof error.pointer === 'string' ? error.pointer : '';
    const field = pointer.replace(/^\//, '').split('/').filter((part) => !/^\d+$/.test(part)).join('.');
    byField.set(field, [...(byField.get(field) ?? []), typeof error.message === 'string' ? error.message : '']);
  }
  const m = MESSAGES[lang];
  // The most telling of a field's problems: a missing value before the form of a wrong one.
  const kinds: readonly [RegExp, string][] = [
    [/should not be empty|must be a string|must be an array|must contain at least|must be an object|nested property/i, m.required],
    [/ISO|date/i, m.dateTime],
    [/integer|number|must not be less/i, m.number],
    [/must be one of|following values|boolean/i, m.choice],
  ];
  return Object.fromEntries(
    [...byField].map(([field, messages]) => {
      const kind = kinds.find(([pattern]) => messages.some((message) => pattern.test(message)));
      return [field, kind ? kind[1] : m.other.replace('{message}', messages.join('; '))];
    }),
  );
}

export interface FieldOptions {
  readonly lang: Lang;
  readonly name: string;
  readonly label: string;
  readonly hint?: string;
  readonly errors: FieldErrors;
  /** The error key when it differs from the name (`dataSubjects.count` for `dataSubjectsCount`). */
  readonly errorKey?: string;
  readonly required?: boolean;
  /** Leave out the "(optional)" mark (a filter, where every field is optional). */
  readonly unmarked?: boolean;
}

const ids = (options: FieldOptions) => ({ id: `field-${options.name}`, hint: `field-${options.name}-hint`, error: `field-${options.name}-error` });

function fieldShell(options: FieldOptions, input: (described: string, invalid: boolean) => Html, kind = 'text'): Html {
  const { id, hint, error } = ids(options);
  const message = options.errors[options.errorKey ?? options.name];
  const described = [options.hint ? hint : '', message ? error : ''].filter(Boolean).join(' ');
  return html`<div class="utrecht-form-field utrecht-form-field--${kind}${message ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${options.label}${options.required || options.unmarked ? '' : html` <span class="pl-muted">${options.lang === 'nl' ? '(optioneel)' : '(optional)'}</span>`}</label></div>
    ${options.hint ? html`<div class="utrecht-form-field__description" id="${hint}">${options.hint}</div>` : ''}
    ${message ? html`<p class="utrecht-form-field-error-message pl-field-error" id="${error}">${message}</p>` : ''}
    <div class="utrecht-form-field__input">${input(described, message !== undefined)}</div>
  </div>`;
}

const describedBy = (described: string, invalid: boolean) => html`${described ? html` aria-describedby="${described}"` : ''}${invalid ? html` aria-invalid="true"` : ''}`;

export function textField(options: FieldOptions & { readonly value?: string; readonly type?: 'text' | 'datetime-local' | 'number' | 'date'; readonly autocomplete?: string }): Html {
  return fieldShell(options, (described, invalid) => html`<input class="utrecht-textbox utrecht-textbox--html-input" type="${options.type ?? 'text'}" id="${ids(options).id}" name="${options.name}" value="${options.value ?? ''}"${options.required ? html` required` : ''}${options.type === 'number' ? html` min="0" step="1" inputmode="numeric"` : ''} autocomplete="${options.autocomplete ?? 'off'}"${describedBy(described, invalid)}>`);
}

export function textArea(options: FieldOptions & { readonly value?: string; readonly rows?: number }): Html {
  return fieldShell(options, (described, invalid) => html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="${ids(options).id}" name="${options.name}" rows="${options.rows ?? 4}"${options.required ? html` required` : ''}${describedBy(described, invalid)}>${options.value ?? ''}</textarea>`);
}

export function selectField(options: FieldOptions & { readonly value?: string; readonly choices: readonly { readonly value: string; readonly label: string }[]; readonly placeholder?: string }): Html {
  return fieldShell(options, (described, invalid) => html`<select class="utrecht-select utrecht-select--html-select" id="${ids(options).id}" name="${options.name}"${options.required ? html` required` : ''}${describedBy(described, invalid)}>
    ${options.placeholder !== undefined ? html`<option value="">${options.placeholder}</option>` : ''}
    ${options.choices.map((choice) => html`<option value="${choice.value}"${choice.value === options.value ? html` selected` : ''}>${choice.label}</option>`)}
  </select>`);
}

/** A group of checkboxes or radio buttons in a fieldset with a legend. */
export function choiceGroup(options: FieldOptions & { readonly type: 'checkbox' | 'radio'; readonly values: readonly string[]; readonly choices: readonly { readonly value: string; readonly label: string }[] }): Html {
  const message = options.errors[options.errorKey ?? options.name];
  const error = `field-${options.name}-error`;
  const hint = `field-${options.name}-hint`;
  const described = [options.hint ? hint : '', message ? error : ''].filter(Boolean).join(' ');
  return html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${message ? ' utrecht-form-fieldset--invalid' : ''}"${described ? html` aria-describedby="${described}"` : ''}>
    <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${options.label}</legend>
    ${options.hint ? html`<div class="utrecht-form-field__description" id="${hint}">${options.hint}</div>` : ''}
    ${message ? html`<p class="utrecht-form-field-error-message pl-field-error" id="${error}">${message}</p>` : ''}
    ${options.choices.map(
      (choice, index) => html`<div class="utrecht-form-field utrecht-form-field--${options.type === 'checkbox' ? 'checkbox' : 'radio'}">
        <input class="utrecht-${options.type === 'checkbox' ? 'checkbox utrecht-checkbox--html-input' : 'radio-button utrecht-radio-button--html-input'}" type="${options.type}" id="field-${options.name}-${index}" name="${options.name}" value="${choice.value}"${options.values.includes(choice.value) ? html` checked` : ''}${message ? html` aria-invalid="true"` : ''}>
        <label class="utrecht-form-label utrecht-form-label--${options.type === 'checkbox' ? 'checkbox' : 'radio'}" for="field-${options.name}-${index}">${choice.label}</label>
      </div>`,
    )}
  </fieldset>`;
}

export function submitButton(label: string, extra: HtmlValue = ''): Html {
  return html`<div class="pl-actions"><button type="submit" class="utrecht-button utrecht-button--primary-action">${label}</button>${extra}</div>`;
}
