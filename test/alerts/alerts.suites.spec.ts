// The alert suites, run as one Jest test file: they then share one load of the application's modules
// (Jest loads them anew for every test file, ~3 s of CPU each). Each suite registers its own
// describe block; running one alone: `npm run test:jest -- --testMatch '**/alert-admin.e2e.ts'`.
// test/lint/suite-groups.spec.ts checks that every suite file is listed in exactly one group.
import './alert-admin.e2e.js';
import './delivery-retries.e2e.js';
import './friday-afternoon.e2e.js';
import './two-instances.e2e.js';
