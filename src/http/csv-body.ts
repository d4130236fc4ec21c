import type { FastifyInstance } from 'fastify';
import { charsetOf, isUtf8 } from './charset.js';

const clientError = (statusCode: number, code: string, message: string) => Object.assign(new Error(message), { statusCode, code });

/**
 * text/csv bodies (the imports), taken as the exact bytes received: the import hashes
 * them and decodes them itself (UTF-8 only, src/imports/csv-table.ts). A charset other
 * than UTF-8 is refused with 415 before any route runs. The same body limit as JSON.
 */
export function useCsvBodies(fastify: FastifyInstance, options: { bodyLimit: number }): void {
  fastify.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: options.bodyLimit }, (request, body, done) => {
    const contentType = request.headers['content-type'];
    if (!isUtf8(contentType)) return done(clientError(415, 'CSV_CHARSET', `the CSV must be UTF-8, not ${charsetOf(contentType)}`), undefined);
    done(null, body);
  });
}
