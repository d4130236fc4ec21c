import { describe, expect, it } from '@jest/globals';
import { RequestValidationError } from '../../http/request-errors.js';
import { RequestValidationPipe } from '../../http/validation.js';
import { CorrectBreachDetailsRequest } from './correct-breach-details.http.js';

/** The body as the HTTP layer sees it: validated per field type, then turned into the command. */
async function parse(body: object) {
  const request = (await new RequestValidationPipe().transform(body, { type: 'body', metatype: CorrectBreachDetailsRequest })) as CorrectBreachDetailsRequest;
  return request.toCommand();
}
async function problems(body: object) {
  const refusal = await parse(body).catch((error: unknown) => error);
  expect(refusal).toBeInstanceOf(RequestValidationError);
  return (refusal as RequestValidationError).errors.map((problem) => problem.pointer);
}

describe('CorrectBreachDetailsRequest', () => {
  it('turns the fields given into changes, in UTC, and leaves the others out', async () => {
    const command = await parse({ corrections: { awareAt: '2026-03-01T10:00:00+01:00', bsn: false, dataSubjects: { kind: 'range', min: 2, max: 5 } }, reason: ' Logged late. ' });
    expect(command).toEqual({
      changes: [
        { field: 'awareAt', to: '2026-03-01T09:00:00.000Z' },
        { field: 'bsn', to: false },
        { field: 'dataSubjects', to: { kind: 'range', min: 2, max: 5 } },
      ],
      reason: 'Logged late.',
      lateReason: null,
    });
  });

  it('corrects an occurrence time to unknown with null', async () => {
    expect((await parse({ corrections: { occurredTo: null }, reason: 'Not known after all.' })).changes).toEqual([{ field: 'occurredTo', to: null }]);
  });

  it('refuses null for a fact that is never unknown', async () => {
    expect(await problems({ corrections: { awareAt: null, title: null }, reason: 'r' })).toEqual(expect.arrayContaining(['/corrections/awareAt', '/corrections/title']));
  });

  it('refuses a time without an offset, a value outside its list, and a field that cannot be corrected', async () => {
    expect(await problems({ corrections: { reportedAt: '2026-03-04T10:00:00', incidentKind: 'flood', discovery: { how: 'x' } }, reason: 'r' })).toEqual(
      expect.arrayContaining(['/corrections/reportedAt', '/corrections/incidentKind', '/corrections/discovery']),
    );
  });

  it('refuses a correction without a reason', async () => {
    expect(new Set(await problems({ corrections: { bsn: false } }))).toEqual(new Set(['/reason']));
  });
});
