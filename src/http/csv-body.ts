import type { FastifyInstance } from 'fastify';
import { charsetOf, isUtf8 } from './charset.js';

const clientError = (statusCode: number, code: string, message: string) => Object.assign(new Error(message), { statusCode, code });

/**
 * text/csv bodies (the imports), taken as the exact bytes received: the import hashes
 * them and decodes them itself (UTF-8 only, src/imports/csv-table.ts). A charset other
 * than UTF-8 is refused with 415 before any route runs. The import routes take a larger
 * body than the commands (`importBodyLimit`, set on each route under `/imports/`, so a
 * JSON body there is held to it too before its 415); CSV is parsed for nothing else.
 */
export function useCsvBodies(fastify: FastifyInstance, options: { importBodyLimit: number }): void {
  fastify.addHook('onRoute', (route) => {
    if (route.url.startsWith('/imports/')) route.bodyLimit = options.importBodyLimit;
  });
  const bodyLimit = options.importBodyLimit;
  fastify.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    const contentType = request.headers['content-type'];
    if (!isUtf8(contentType)) return done(clientError(415, 'CSV_CHARSET', `the CSV must be UTF-8, not ${charsetOf(contentType)}`), undefined);
    done(null, body);
  });
}
