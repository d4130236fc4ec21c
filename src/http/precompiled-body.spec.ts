import { describe, expect, it } from '@jest/globals';
import { ValidationPipe } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEmail, IsOptional, IsString, ValidateNested } from 'class-validator';
import { RegisterBreachRequest } from '../breaches/register-breach/register-breach.http.js';
import { ReportBreachToAPRequest } from '../breaches/report-breach-to-ap/report-breach-to-ap.http.js';
import { registrationBody } from '../../test/support/breach-requests.js';
import { acceptedBody, hasAcceptingCheck, precompiledBody } from './precompiled-body.js';
import { RequestValidationError } from './request-errors.js';
import { RequestValidationPipe } from './validation.js';

type Body = Record<string, unknown>;

/** What class-transformer and class-validator make of a body: the request object, or the refusal's problems. */
async function validated(metatype: new () => object, body: Body): Promise<{ request: object } | { problems: unknown }> {
  try {
    // Nest's transform with this pipe's own validate (nested shapes first): the way every body without an accepting check takes.
    return { request: (await ValidationPipe.prototype.transform.call(new RequestValidationPipe(), body, { type: 'body', metatype })) as object };
  } catch (error) {
    if (error instanceof RequestValidationError) return { problems: error.errors };
    throw error;
  }
}

/** The body sent through both ways, each given its own copy: the check may accept only what class-validator accepts, and must build the same object. */
async function bothWays(metatype: new () => object, body: Body): Promise<{ accepted: boolean; valid: boolean }> {
  const copy = () => JSON.parse(JSON.stringify(body)) as Body;
  const fast = acceptedBody(metatype, copy());
  const slow = await validated(metatype, copy());
  if (fast !== undefined) {
    expect(slow).toHaveProperty('request');
    const { request } = slow as { request: object };
    expect(fast).toStrictEqual(request);
    expect(fast).toBeInstanceOf(metatype);
    // The same fields in the same order, nested classes included.
    expect(JSON.stringify(fast)).toBe(JSON.stringify(request));
  }
  return { accepted: fast !== undefined, valid: 'request' in slow };
}

const ODD_VALUES: readonly unknown[] = [
  null, '', ' ', 'x', 'x'.repeat(500), 'x'.repeat(501), 'x'.repeat(10_000), 'x'.repeat(10_001), '😀'.repeat(500), '😀'.repeat(501), 'e\u{FE0F}'.repeat(300),
  0, -1, 1, 1.5, 12, Number.MAX_SAFE_INTEGER, true, false, 'true', [], {}, ['confidentiality'], ['confidentiality', 'confidentiality'], ['a', ''], ['a', 1],
  { how: 'x' }, { kind: 'unknown' }, '2026-03-02T10:00:00', '2026-03-02T10:00:00Z', '2026-03-02T10:00:00+01:00', '2026-02-30T10:00:00Z',
  '1900-01-01T05:00:00+14:00', '9999-12-31T23:59:59-14:00', 'avg', 'wpg', 'final', 'preliminary', 'exact', 'range', 'wrong-recipient', 'processor-delay',
  'a'.repeat(64), 'A'.repeat(64), 'f'.repeat(63),
];

/** Every field of the body (and of its nested objects) replaced by each odd value, then left out; and an unknown field added at each level. */
function mutations(body: Body): Body[] {
  const out: Body[] = [];
  for (const [key, value] of Object.entries(body)) {
    for (const odd of ODD_VALUES) out.push({ ...body, [key]: odd });
    const { [key]: _left, ...without } = body;
    out.push(without);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const inner of mutations(value as Body)) out.push({ ...body, [key]: inner });
    }
  }
  out.push({ ...body, unknownField: 1 });
  return out;
}

const REGISTRATIONS: readonly Body[] = [
  registrationBody(),
  registrationBody({ occurredFrom: null, occurredTo: undefined, discovery: { how: 'A processor mailed us', processor: 'Acme BV' }, processorInformedAt: '2026-03-02T08:00:00Z', regime: 'wpg' }),
  registrationBody({ dataSubjects: { kind: 'range', min: 10, max: 250 }, ciaAspects: ['availability', 'integrity'], dataCategories: [] }),
  registrationBody({ dataSubjects: { kind: 'unknown' }, title: '  padded  ', awareAt: '2026-03-02T10:00:00.123456789-05:30', regime: null }),
  registrationBody({ dataSubjects: { kind: 'unknown', count: 3 }, description: '😀'.repeat(10_000) }),
];

const REPORTS: readonly Body[] = [
  { reportedAt: '2026-03-04T16:30:00+01:00', apReference: 'M-2026-004711', phase: 'preliminary' },
  { reportedAt: '2026-03-09T16:30:00Z', apReference: 'M-1', phase: 'final', lateReason: { code: 'processor-delay', explanation: 'Four days late.' } },
  { reportedAt: '2026-03-04T16:30:00+01:00', apReference: 'M-2', phase: 'preliminary', lateReason: null, apNotification: { revision: 3, sha256: 'b'.repeat(64) } },
];

describe('the accepting checks of the hottest routes give exactly what class-validator gives', () => {
  it('derives a check for both routes from their decorators', () => {
    expect(hasAcceptingCheck(RegisterBreachRequest)).toBe(true);
    expect(hasAcceptingCheck(ReportBreachToAPRequest)).toBe(true);
  });

  it.each([
    ['POST /breaches', RegisterBreachRequest, REGISTRATIONS],
    ['POST /breaches/{id}/ap-reports', ReportBreachToAPRequest, REPORTS],
  ] as const)('%s: valid bodies are accepted and built as class-transformer builds them', async (_route, metatype, bodies) => {
    for (const body of bodies) expect(await bothWays(metatype, body)).toEqual({ accepted: true, valid: true });
  });

  it.each([
    ['POST /breaches', RegisterBreachRequest, REGISTRATIONS],
    ['POST /breaches/{id}/ap-reports', ReportBreachToAPRequest, REPORTS],
  ] as const)('%s: a body class-validator refuses is never accepted (left to it, with its problems)', async (_route, metatype, bodies) => {
    let refused = 0;
    for (const body of bodies.flatMap(mutations)) {
      const { accepted, valid } = await bothWays(metatype, body);
      if (!valid) {
        refused += 1;
        expect({ body, accepted }).toEqual({ body, accepted: false });
      }
    }
    expect(refused).toBeGreaterThan(100);
  });

  it('answers nothing for a class without a check, or a body that is not a plain object', () => {
    class Other {}
    expect(acceptedBody(Other, { a: 1 })).toBeUndefined();
    expect(acceptedBody(ReportBreachToAPRequest, [REPORTS[0]])).toBeUndefined();
    expect(acceptedBody(ReportBreachToAPRequest, Object.assign(Object.create(null) as object, REPORTS[0]))).toBeUndefined();
  });
});

describe('a class whose decorators the compiler does not fully know gets no check (class-validator validates it)', () => {
  class Known {
    @IsString()
    name!: string;
  }

  class WithEmail {
    @IsString()
    name!: string;

    @IsEmail()
    email!: string;
  }

  class WithGroups {
    @IsString({ groups: ['draft'] })
    name!: string;
  }

  class WithAlways {
    @IsOptional()
    @IsString({ always: true })
    name?: string;
  }

  class NestedWithoutType {
    @ValidateNested()
    inner!: Known;
  }

  class NestedUnknown {
    @ValidateNested()
    @Type(() => WithEmail)
    inner!: WithEmail;
  }

  for (const type of [Known, WithEmail, WithGroups, WithAlways, NestedWithoutType, NestedUnknown]) precompiledBody(type);

  it('compiles a class of known decorators (the cases below fail for what they add)', async () => {
    expect(hasAcceptingCheck(Known)).toBe(true);
    expect(await bothWays(Known, { name: 'x' })).toEqual({ accepted: true, valid: true });
  });

  it.each([
    ['an unknown validator', WithEmail, { name: 'x', email: 'a@example.org' }, true],
    ['groups', WithGroups, { name: 'x' }, true],
    ['always', WithAlways, { name: 'x' }, true],
    // class-validator refuses it (forbidUnknownValues: the plain object has no class).
    ['@ValidateNested without @Type', NestedWithoutType, { inner: { name: 'x' } }, false],
    ['a nested class with an unknown validator', NestedUnknown, { inner: { name: 'x', email: 'a@example.org' } }, true],
  ] as const)('%s: no check, every body to class-validator', async (_what, type, body, valid) => {
    expect(hasAcceptingCheck(type)).toBe(false);
    expect(await bothWays(type, body)).toEqual({ accepted: false, valid });
  });

  it('a class not opted in gets no check even when its decorators are known', () => {
    class NotRegistered {
      @IsString()
      name!: string;
    }
    expect(hasAcceptingCheck(NotRegistered)).toBe(false);
    expect(acceptedBody(NotRegistered, { name: 'x' })).toBeUndefined();
  });
});
