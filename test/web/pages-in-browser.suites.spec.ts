// Browser suites, run as one Jest test file: they then share one load of the application's modules
// (Jest loads them anew for every test file, ~3 s of CPU each). Each suite registers its own
// describe block; running one alone: `npm run test:jest -- --testMatch '**/fg.browser.ts'`.
// test/lint/suite-groups.spec.ts checks that every suite file is listed in exactly one group.
import './fg.browser.js';
import './keyboard-intake.browser.js';
import './intake-and-board.browser.js';
import './accessibility-scan.browser.js';
