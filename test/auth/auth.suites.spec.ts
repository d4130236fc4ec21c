// The access suites, run as one Jest test file: they then share one load of the application's modules
// (Jest loads them anew for every test file, ~3 s of CPU each). Each suite registers its own
// describe block; running one alone: `npm run test:jest -- --testMatch '**/docs.e2e.ts'`.
// test/lint/suite-groups.spec.ts checks that every suite file is listed in exactly one group.
import './docs.e2e.js';
import './hostile-input.e2e.js';
import './jwt.e2e.js';
import './permissions.e2e.js';
import './rate-limits.e2e.js';
