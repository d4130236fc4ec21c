import type { FastifyInstance } from 'fastify';
import secureJsonParse from 'secure-json-parse';
import { charsetOf, isUtf8 } from './charset.js';
import { jsonHazard } from './json-scan.js';

/** How deeply a JSON text nests, found in one pass without parsing it (so a hostile body cannot exhaust the stack). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return max;
}

const clientError = (code: string, message: string, statusCode = 400) => Object.assign(new Error(message), { statusCode, code });

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The only body parser: application/json (with or without parameters), at most
 * `maxDepth` levels deep, parsed with secure-json-parse so `__proto__` and
 * `constructor.prototype` keys are refused rather than polluting prototypes.
 * The bytes must be UTF-8 (RFC 8259 §8.1; decoded strictly, where Fastify would put U+FFFD
 * in place of a broken sequence and accept it), with no charset other than UTF-8 declared;
 * the parsed text must hold no duplicate key, NUL, lone surrogate or inexact integer (json-scan.ts).
 */
export function useJsonBodies(fastify: FastifyInstance, options: { maxDepth: number; bodyLimit: number }): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: options.bodyLimit }, (request, body, done) => {
    const contentType = request.headers['content-type'];
    if (!isUtf8(contentType)) return done(clientError('JSON_CHARSET', `a JSON body must be UTF-8, not ${charsetOf(contentType)}`, 415), undefined);
    let text: string;
    try {
      text = UTF8.decode(body as Buffer);
    } catch {
      return done(clientError('INVALID_UTF8', 'the body is not valid UTF-8'), undefined);
    }
    if (text.trim().length === 0) return done(clientError('EMPTY_JSON_BODY', 'the body is empty; send a JSON object'), undefined);
    if (jsonDepth(text) > options.maxDepth) return done(clientError('JSON_TOO_DEEP', `the JSON body is nested deeper than ${options.maxDepth} levels`), undefined);
    let parsed: unknown;
    try {
      parsed = secureJsonParse.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
    } catch (error) {
      return done(clientError('MALFORMED_JSON', `the body is not valid JSON: ${(error as Error).message}`), undefined);
    }
    const hazard = jsonHazard(text);
    if (hazard) return done(clientError(hazard.code, hazard.message), undefined);
    done(null, parsed);
  });
}
