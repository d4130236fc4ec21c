// The suites of the HTTP files, the OpenAPI client and the README examples, run as one Jest test file: they then share one load of the application's modules
// (Jest loads them anew for every test file, ~3 s of CPU each). Each suite registers its own
// describe block; running one alone: `npm run test:jest -- --testMatch '**/http-files.e2e.ts'`.
// test/lint/suite-groups.spec.ts checks that every suite file is listed in exactly one group.
import './http-files.e2e.js';
import './openapi-client.e2e.js';
import './readme-examples.e2e.js';
import './security-headers.e2e.js';
