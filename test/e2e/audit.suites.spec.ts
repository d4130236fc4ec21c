// The audit, ledger and governance suites, run as one Jest test file: they then share one load of the application's modules
// (Jest loads them anew for every test file, ~3 s of CPU each). Each suite registers its own
// describe block; running one alone: `npm run test:jest -- --testMatch '**/audit.e2e.ts'`.
// test/lint/suite-groups.spec.ts checks that every suite file is listed in exactly one group.
import './audit.e2e.js';
import './audit-views.e2e.js';
import './ledger.e2e.js';
import './ledger-availability.e2e.js';
import './checkpoint-schedule.e2e.js';
import './witness-insider.e2e.js';
import './governance-views.e2e.js';
import './dpias.e2e.js';
import './register-and-audits.e2e.js';
