/** A reason to refuse a well-formed JSON text, with a stable code. */
export interface JsonHazard {
  readonly code: 'DUPLICATE_KEY' | 'NUL_CHARACTER' | 'INVALID_UNICODE' | 'NUMBER_TOO_LARGE';
  readonly message: string;
}

interface Container {
  readonly keys: Set<string> | undefined; // undefined: an array
  expectingKey: boolean;
}

/**
 * What JSON.parse lets through silently and this service refuses (I-JSON, RFC 7493): a key
 * twice in one object (JSON.parse keeps the last, so what was checked may not be what was
 * meant), a NUL character or a lone surrogate in a string, a number a double cannot hold
 * exactly as an integer (9007199254740993 would be stored as …992). Scans a text that
 * JSON.parse has already accepted, so it need not check the syntax itself.
 */
export function jsonHazard(text: string): JsonHazard | undefined {
  const stack: Container[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    const top = stack.at(-1);
    if (c === '"') {
      const end = stringEnd(text, i);
      const hazard = stringHazard(text.slice(i, end + 1), top, text[nextNonSpace(text, end + 1)] === ':');
      if (hazard) return hazard;
      i = end;
    } else if (c === '{' || c === '[') stack.push({ keys: c === '{' ? new Set() : undefined, expectingKey: c === '{' });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',' && top?.keys) top.expectingKey = true;
    else if (c === '-' || (c >= '0' && c <= '9')) {
      const end = numberEnd(text, i);
      const hazard = numberHazard(text.slice(i, end));
      if (hazard) return hazard;
      i = end - 1;
    }
  }
  return undefined;
}

function stringHazard(token: string, container: Container | undefined, isKey: boolean): JsonHazard | undefined {
  // Without an escape, a string parsed by JSON.parse holds neither NUL nor a lone surrogate.
  const value = token.includes('\\') ? (JSON.parse(token) as string) : token.slice(1, -1);
  if (value.includes('\u0000')) return { code: 'NUL_CHARACTER', message: 'a string holds a NUL character (\\u0000)' };
  if (!value.isWellFormed()) return { code: 'INVALID_UNICODE', message: 'a string holds a lone surrogate (an escape such as \\ud800 that is not a character)' };
  if (!isKey || !container?.keys || !container.expectingKey) return undefined;
  container.expectingKey = false;
  if (container.keys.has(value)) return { code: 'DUPLICATE_KEY', message: `the key ${JSON.stringify(value)} appears more than once in one object` };
  container.keys.add(value);
  return undefined;
}

function numberHazard(token: string): JsonHazard | undefined {
  const value = Number(token);
  if (Number.isFinite(value) && !(Number.isInteger(value) && Math.abs(value) > Number.MAX_SAFE_INTEGER)) return undefined;
  return { code: 'NUMBER_TOO_LARGE', message: `the number ${token.length > 40 ? `${token.slice(0, 40)}…` : token} is beyond ±${Number.MAX_SAFE_INTEGER}: it cannot be kept exactly` };
}

/** The index of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i;
}

function numberEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length && /[-+.eE0-9]/.test(text[i] as string)) i += 1;
  return i;
}

function nextNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /[ \t\r\n]/.test(text[i] as string)) i += 1;
  return i;
}
