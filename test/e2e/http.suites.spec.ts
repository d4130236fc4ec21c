// The suites of the HTTP layer, run as one Jest test file: they then share one load of the application's modules
// (Jest loads them anew for every test file, ~3 s of CPU each). Each suite registers its own
// describe block; running one alone: `npm run test:jest -- --testMatch '**/health.e2e.ts'`.
// test/lint/suite-groups.spec.ts checks that every suite file is listed in exactly one group.
import './health.e2e.js';
import './http-timeouts.e2e.js';
import './json-bodies.e2e.js';
import './nested-objects.e2e.js';
import './query-numbers.e2e.js';
import './request-ids.e2e.js';
import './request-log.e2e.js';
import './command-routes.fuzz.e2e.js';
