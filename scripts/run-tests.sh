#!/usr/bin/env bash
# Runs every test suite on the already-built targets: GoogleTest through ctest (sanitizer build),
# node:test against the built npm package (tests/js) and the browser end-to-end tests (tests/e2e),
# then a 20 s run of every libFuzzer target (scripts/run-fuzz.sh; each target counts as one test).
# Ends with one line "tests: N passed, M failed" and fails when any test failed or none ran.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p build/test-logs

echo "== GoogleTest (ctest, AddressSanitizer + UndefinedBehaviorSanitizer)"
ctest --preset native-debug 2>&1 | tee build/test-logs/ctest.log
ctest_total=$(sed -nE 's/.*tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\2/p' build/test-logs/ctest.log | tail -1)
ctest_failed=$(sed -nE 's/.*tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\1/p' build/test-logs/ctest.log | tail -1)
ctest_total=${ctest_total:-0}
ctest_failed=${ctest_failed:-1}

echo "== node:test (npm package in Node 20, browser end-to-end in headless Chromium)"
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=build/test-logs/node.tap tests/js/ tests/e2e/
node_status=$?
node_passed=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' build/test-logs/node.tap | tail -1)
node_failed=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' build/test-logs/node.tap | tail -1)
node_passed=${node_passed:-0}
node_failed=${node_failed:-1}
((node_status != 0 && node_failed == 0)) && node_failed=1

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
