import { labelOf, type Lang, type Text, type Vocabulary } from './labels.js';

/**
 * Labels added to a JSON view beside its codes, without changing anything that was there:
 * a field `f` holding a code of the vocabulary the scheme gives for `f` gains `fLabel`, a
 * field holding a list of codes gains `fLabels`, at any depth. A field name means one
 * vocabulary within one view (the scheme is per view: `status` of a breach is not the
 * `status` of a DPIA). Fields that already exist are never overwritten, so the late-reason
 * tables keep their older English `label`.
 */
export type LabelScheme = Readonly<Record<string, Vocabulary | 'dienst'>>;

export function withLabels<T>(value: T, scheme: LabelScheme, lang: Lang, dienstNames: Readonly<Record<string, Text>>): T {
  const labelFor = (vocabulary: Vocabulary | 'dienst', code: string): string =>
    vocabulary === 'dienst' ? (Object.hasOwn(dienstNames, code) ? (dienstNames[code] as Text)[lang] : code) : labelOf(vocabulary, code, lang);
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isPlainObject(node)) return node;
    const out: Record<string, unknown> = {};
    const added: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      out[key] = walk(child);
      const vocabulary = Object.hasOwn(scheme, key) ? scheme[key] : undefined;
      if (vocabulary === undefined) continue;
      if (typeof child === 'string') added[`${key}Label`] = labelFor(vocabulary, child);
      else if (Array.isArray(child) && child.length > 0 && child.every((item) => typeof item === 'string')) added[`${key}Labels`] = child.map((item: string) => labelFor(vocabulary, item));
    }
    for (const [key, label] of Object.entries(added)) if (!Object.hasOwn(out, key)) out[key] = label;
    return out;
  };
  return walk(value) as T;
}

/** Only plain objects are walked: a Date or any other instance is passed through as it is. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
