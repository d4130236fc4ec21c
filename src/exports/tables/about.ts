import type { Text } from '../../labels/labels.js';
import type { ExportContext } from '../view-export.js';

/** The lines under an export's title that say what it reflects: the log position, the moment asked for, when it was made. */
export function aboutLines(context: ExportContext, ...first: Text[]): Text[] {
  const lines = [...first];
  if (context.asOf !== undefined) lines.push({ nl: `Zoals vastgelegd tot ${context.asOf} (UTC)`, en: `As recorded up to ${context.asOf} (UTC)` });
  if (context.position !== undefined) lines.push({ nl: `Logpositie ${context.position}`, en: `Log position ${context.position}` });
  lines.push({ nl: `Gemaakt op ${context.generatedAt} (UTC) door Privacy Ledger`, en: `Made at ${context.generatedAt} (UTC) by Privacy Ledger` });
  return lines;
}

/** `-<asOf date>` for a file name of a view as of a moment, else nothing. */
export const asOfSuffix = (context: ExportContext): string => (context.asOf === undefined ? '' : `-per-${context.asOf.slice(0, 10)}`);
