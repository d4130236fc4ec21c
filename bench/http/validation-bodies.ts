/**
 * The validation pipe alone on the two bodies of the register + report pair:
 * `node dist-bench/bench/http/validation-bodies.js [bodies]` validates that many registration bodies and
 * report bodies through `RequestValidationPipe.transform`, as a route's `@Body()` gets them, after
 * 2,000 of each not counted, and prints the CPU time (µs) a body of each kind and the load average.
 */
import { loadavg } from 'node:os';
import { RegisterBreachRequest } from '../../src/breaches/register-breach/register-breach.http.js';
import { ReportBreachToAPRequest } from '../../src/breaches/report-breach-to-ap/report-breach-to-ap.http.js';
import { RequestValidationPipe } from '../../src/http/validation.js';
import { registrationBody } from '../../test/support/breach-requests.js';

const pipe = new RequestValidationPipe();

async function microsecondsPerBody(metatype: new () => object, text: string, count: number): Promise<number> {
  // Each body parsed from its text as the JSON body parser hands it over (not counted).
  const bodies = Array.from({ length: count }, () => JSON.parse(text) as unknown);
  const cpu = process.cpuUsage();
  for (const body of bodies) await pipe.transform(body, { type: 'body', metatype, data: undefined });
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / count;
}

const count = Number(process.argv[2] ?? 20_000);
if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`bodies must be a whole number of at least 1, not ${process.argv[2]}`);
const registration = JSON.stringify(registrationBody());
const report = JSON.stringify({ reportedAt: '2026-03-04T16:30:00+01:00', apReference: 'M-2026-004711', phase: 'preliminary' });
await microsecondsPerBody(RegisterBreachRequest, registration, 2_000);
await microsecondsPerBody(ReportBreachToAPRequest, report, 2_000);
console.log(
  JSON.stringify({
    bodies: count,
    registrationMicroseconds: Number((await microsecondsPerBody(RegisterBreachRequest, registration, count)).toFixed(2)),
    reportMicroseconds: Number((await microsecondsPerBody(ReportBreachToAPRequest, report, count)).toFixed(2)),
    loadAverage: Number((loadavg()[0] ?? 0).toFixed(2)),
  }),
);
