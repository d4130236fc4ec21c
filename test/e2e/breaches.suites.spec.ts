// The breach suites, run as one Jest test file: they then share one load of the application's modules
// (Jest loads them anew for every test file, ~3 s of CPU each). Each suite registers its own
// describe block; running one alone: `npm run test:jest -- --testMatch '**/breach-commands.e2e.ts'`.
// test/lint/suite-groups.spec.ts checks that every suite file is listed in exactly one group.
import './breach-commands.e2e.js';
import './breach-domain-rules.e2e.js';
import './breach-dossier.e2e.js';
import './breach-lifecycle.e2e.js';
import './breach-views.e2e.js';
import './time-travel-views.e2e.js';
import './annual-report-kept.e2e.js';
import './imports.e2e.js';
import './exports.e2e.js';
