import type { FastifyInstance } from 'fastify';
import secureJsonParse from 'secure-json-parse';

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

const clientError = (code: string, message: string) => Object.assign(new Error(message), { statusCode: 400, code });

/**
 * The only body parser: application/json (with or without parameters), at most
 * `maxDepth` levels deep, parsed with secure-json-parse so `__proto__` and
 * `constructor.prototype` keys are refused rather than polluting prototypes.
 */
export function useJsonBodies(fastify: FastifyInstance, options: { maxDepth: number; bodyLimit: number }): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: options.bodyLimit }, (_request, body, done) => {
    const text = body as string;
    if (text.trim().length === 0) return done(clientError('EMPTY_JSON_BODY', 'the body is empty; send a JSON object'), undefined);
    if (jsonDepth(text) > options.maxDepth) return done(clientError('JSON_TOO_DEEP', `the JSON body is nested deeper than ${options.maxDepth} levels`), undefined);
    try {
      done(null, secureJsonParse.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      done(clientError('MALFORMED_JSON', `the body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });
}
