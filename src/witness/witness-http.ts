import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE, problem } from '../http/problem-details.js';
import type { Witness, WitnessAnswer } from './witness.js';

/**
 * The witness's HTTP interface (https://c2sp.org/tlog-witness "HTTP Interface"): one call,
 * `POST /add-checkpoint`. 200 carries the cosignature lines; 409 carries the witness's
 * latest size as `text/x.tlog.size`, as the spec requires; every other refusal is an
 * RFC 9457 problem+json, like the service's, with a stable `code`.
 */

/** A request is a few hundred bytes: an old size, ≤ 63 hashes, a checkpoint with ≤ 100 signatures. */
const MAX_BODY_BYTES = 64 * 1024;

export function witnessServer(witness: Witness, log: (entry: Record<string, unknown>) => void = () => undefined): Server {
  return createServer((request, response) => {
    handle(witness, request, response).then(
      (status) => log({ msg: 'add-checkpoint', status }),
      (error: unknown) => {
        log({ msg: 'add-checkpoint failed', err: (error as Error).message });
        if (!response.headersSent) send(response, 500, PROBLEM_CONTENT_TYPE, JSON.stringify(problem(500, 'internal', 'the witness could not answer')));
      },
    );
  });
}

async function handle(witness: Witness, request: IncomingMessage, response: ServerResponse): Promise<number> {
  const path = (request.url ?? '').split('?')[0];
  if (path !== '/add-checkpoint') return refuse(response, 404, 'not-found', 'this witness answers POST /add-checkpoint only');
  if (request.method !== 'POST') {
    response.setHeader('allow', 'POST');
    return refuse(response, 405, 'method-not-allowed', 'add-checkpoint is a POST');
  }
  const body = await readBody(request);
  if (body === undefined) return refuse(response, 413, 'body-too-large', `a request body is at most ${MAX_BODY_BYTES} bytes`);
  if (!body.isWellFormed()) return refuse(response, 400, 'malformed-request', 'the body is not UTF-8 text');
  return answer(response, await witness.addCheckpointBody(body));
}

function answer(response: ServerResponse, result: WitnessAnswer): number {
  if (result.status === 200) return send(response, 200, 'text/plain; charset=utf-8', result.lines);
  // tlog-witness: "The response body MUST consist of the tree size of the latest cosigned checkpoint in decimal, followed by a newline".
  if (result.status === 409) return send(response, 409, 'text/x.tlog.size', `${result.size}\n`);
  return refuse(response, result.status, result.code, result.message);
}

function refuse(response: ServerResponse, status: number, code: string, detail: string): number {
  return send(response, status, PROBLEM_CONTENT_TYPE, JSON.stringify(problem(status, code, detail)));
}

function send(response: ServerResponse, status: number, contentType: string, body: string): number {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  response.end(body);
  return status;
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
