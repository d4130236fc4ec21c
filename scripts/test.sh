#!/usr/bin/env bash
# npm test: ESLint, the type check, then every Jest suite.
#
# ESLint and the type check run side by side. The type check also writes dist-bench/ (what
# the suites run as separate processes: the service, the CLI, the test helpers), with the
# compiler options of `npm run build:bench` and the tests compiled too, so Jest's global setup
# need not compile it again (SKIP_BUILD=1): one pass of the compiler instead of two.
# Jest runs once both have passed; the command fails if any of the three failed. Arguments
# go to Jest (`npm test -- test/web`).
#
# Measured on two cores: running ESLint beside Jest instead of before it gained nothing (Jest's
# suites keep both cores busy; Jest took as much longer as ESLint had taken).
set -uo pipefail
cd "$(dirname "$0")/.."

npx eslint . &
lint=$!
# From an empty folder: a file removed from src/ must not be loaded from an old build.
rm -rf dist-bench
npx tsc -p tsconfig.json --outDir dist-bench
typecheck=$?
wait "$lint"
lint_status=$?

if [[ $lint_status -ne 0 || $typecheck -ne 0 ]]; then
  [[ $lint_status -eq 0 ]] || echo "lint: FAILED"
  [[ $typecheck -eq 0 ]] || echo "type check: FAILED"
  echo "Jest was not run."
  exit 1
fi
SKIP_BUILD=1 NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--experimental-vm-modules" exec npx jest "$@"
