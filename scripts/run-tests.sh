#!/usr/bin/env bash
# Runs every test suite on the already-built targets: GoogleTest through ctest (sanitizer build),
# node:test against the built npm package (tests/js) and the browser end-to-end tests (tests/e2e) on the
# Node on PATH (20), tests/js again on the pinned Node 24 and the store suites on Node 22 (build/tools), each with a
# throwaway PostgreSQL 15 for the PostgreSQL suites (ctest's Postgres* tests and tests/js/postgres_*),
# then a 20 s run of every libFuzzer target (scripts/run-fuzz.sh; each target counts as one test).
# Ends with one line "tests: N passed, M failed" and fails when any test failed or none ran.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p build/test-logs

echo "== GoogleTest (ctest, AddressSanitizer + UndefinedBehaviorSanitizer; a throwaway PostgreSQL 15 for the Postgres* suites, PGlite with pgvector for Pgvector*)"
# scripts/pg_test_server.sh starts the server, sets LEARNLOOP_TEST_PG_URI for ctest and stops it on every exit
# path; scripts/pglite_socket_server.mjs does the same for PGlite with pgvector (LEARNLOOP_TEST_PGVECTOR_URI).
# When either cannot start it says why and the tests that need it fail (LEARNLOOP_TEST_PG_REQUIRED=1). PGlite is
# one session shared by its connections: ctest runs the suites one at a time.
LEARNLOOP_TEST_PG_REQUIRED=1 node scripts/pglite_socket_server.mjs run \
  bash scripts/pg_test_server.sh run ctest --preset native-debug 2>&1 | tee build/test-logs/ctest.log
ctest_total=$(sed -nE 's/.*tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\2/p' build/test-logs/ctest.log | tail -1)
ctest_failed=$(sed -nE 's/.*tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\1/p' build/test-logs/ctest.log | tail -1)
ctest_total=${ctest_total:-0}
ctest_failed=${ctest_failed:-1}

node_passed=0 node_failed=0
# Runs node:test with the Node binary $1 over the rest of the arguments; its TAP goes to build/test-logs/$2.tap
# and its counts are added to node_passed / node_failed (a failed run that counted no failure counts one). Each run
# has its own throwaway PostgreSQL 15 (scripts/pg_test_server.sh) for the tests/js/postgres_* suites, which fail
# when it could not start (LEARNLOOP_TEST_PG_REQUIRED=1); then the run fails too.
node_suite() {
  local bin=$1 log=build/test-logs/$2.tap
  shift 2
  LEARNLOOP_TEST_PG_REQUIRED=1 bash scripts/pg_test_server.sh run "$bin" --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$log" "$@"
  local status=$? passed failed
  passed=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$log" | tail -1)
  failed=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$log" | tail -1)
  passed=${passed:-0} failed=${failed:-1}
  ((status != 0 && failed == 0)) && failed=1
  node_passed=$((node_passed + passed)) node_failed=$((node_failed + failed))
}

echo "== node:test (npm package in Node $(node --version), browser end-to-end in headless Chromium)"
node_suite node node tests/js/ tests/e2e/

# The same package on the Node versions services run (scripts/setup.sh --test-nodes installs them): there
# openDatabase() opens files in place through node:sqlite. Node 24 runs every tests/js suite, Node 22 the
# store suites (the ones whose backend changes with the Node version).
for major in 24 22; do
  bin=build/tools/node-$major/bin/node
  if [[ ! -x $bin ]]; then
    echo "== node:test on Node $major: build/tools/node-$major is missing (bash scripts/setup.sh --test-nodes)"
    node_failed=$((node_failed + 1))
    continue
  fi
  if ((major == 24)); then
    echo "== node:test on Node $("$bin" --version) (node:sqlite backend): tests/js"
    node_suite "$bin" node-24 tests/js/*.test.mjs  # Node 22+ reads arguments as globs, not folders
  else
    echo "== node:test on Node $("$bin" --version) (node:sqlite backend): the store suites"
    node_suite "$bin" node-22 tests/js/store*.test.mjs tests/js/hostile_shared_file.test.mjs tests/js/hostile_api.test.mjs \
      tests/js/learn_job.test.mjs tests/js/cli.test.mjs
  fi
done

echo "== libFuzzer targets (${FUZZ_SECONDS:-20} s each from the checked-in seeds)"
FUZZ_SECONDS=${FUZZ_SECONDS:-20} bash scripts/run-fuzz.sh 2>&1 | tee build/test-logs/fuzz.log
fuzz_passed=$(grep -cE ' ok$' build/test-logs/fuzz.log)
fuzz_failed=$(($(ls tests/fuzz/*_fuzz.cpp | wc -l) - fuzz_passed))

passed=$((ctest_total - ctest_failed + node_passed + fuzz_passed))
failed=$((ctest_failed + node_failed + fuzz_failed))
echo
echo "ctest: $((ctest_total - ctest_failed)) passed, $ctest_failed failed; node:test: $node_passed passed, $node_failed failed;" \
  "fuzz: $fuzz_passed passed, $fuzz_failed failed"
echo "tests: $passed passed, $failed failed"
((failed == 0 && ctest_total > 0 && node_passed > 0 && fuzz_passed > 0))
