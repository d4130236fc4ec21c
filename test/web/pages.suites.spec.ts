// The web app suites without a browser, run as one Jest test file: they then share one load of the application's modules
// (Jest loads them anew for every test file, ~3 s of CPU each). Each suite registers its own
// describe block; running one alone: `npm run test:jest -- --testMatch '**/page-permissions.e2e.ts'`.
// test/lint/suite-groups.spec.ts checks that every suite file is listed in exactly one group.
import './page-permissions.e2e.js';
import './dossier-situation.e2e.js';
import './web-security.e2e.js';
