import Negotiator from 'negotiator';
import { DEFAULT_LANG, isLang, LANGUAGES, type Lang } from '../labels/labels.js';
import { RequestValidationError } from '../http/request-errors.js';
import { FormatNotAvailableError } from './export-errors.js';

/**
 * How a view is asked for: `?format=` first, else the `Accept` header (JSON when absent or
 * when it accepts anything); `?lang=` first, else `Accept-Language`, else Dutch.
 */

export const MEDIA_TYPES = {
  json: 'application/json',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

export type ViewFormat = keyof typeof MEDIA_TYPES;
export const VIEW_FORMATS = Object.keys(MEDIA_TYPES) as ViewFormat[];

export interface ViewRequest {
  readonly format: ViewFormat;
  readonly lang: Lang;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

export function chooseFormat(format: unknown, headers: Headers, offered: readonly ViewFormat[]): ViewFormat {
  const available = offered.map((name) => `${name} (${MEDIA_TYPES[name]})`).join(', ');
  if (format !== undefined) {
    if (typeof format === 'string' && (offered as readonly string[]).includes(format)) return format as ViewFormat;
    throw new FormatNotAvailableError(`this view is not available as ${String(format)}; it is available as ${available}`, offered);
  }
  const accept = headers.accept;
  if (accept === undefined || accept === '') return 'json';
  const [best] = new Negotiator({ headers: { accept } }).mediaTypes(offered.map((name) => MEDIA_TYPES[name]));
  const chosen = offered.find((name) => MEDIA_TYPES[name] === best);
  if (chosen === undefined) throw new FormatNotAvailableError(`this view cannot answer Accept: ${String(accept)}; it is available as ${available}`, offered);
  return chosen;
}

export function chooseLang(lang: unknown, headers: Headers): Lang {
  if (lang !== undefined) {
    if (isLang(lang)) return lang;
    throw new RequestValidationError([{ pointer: '/lang', message: `lang must be one of ${LANGUAGES.join(', ')}` }]);
  }
  const acceptLanguage = headers['accept-language'];
  if (acceptLanguage === undefined || acceptLanguage === '') return DEFAULT_LANG;
  const [best] = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).languages([...LANGUAGES]);
  return isLang(best) ? best : DEFAULT_LANG;
}
