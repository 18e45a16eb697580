#!/usr/bin/env bash
# Runs each libFuzzer target (built by `make fuzz-build`: CMake preset `fuzz`, clang-14, ASan + UBSan) for
# FUZZ_SECONDS (default 20) from its checked-in seeds in tests/fuzz/corpus/<target>/, FUZZ_JOBS at a
# time (default: the number of cores). New inputs go to build/fuzz/corpus/<target>/ (the checked-in
# seeds are never written), crashes to build/fuzz/artifacts/, logs to build/fuzz/logs/. Prints the
# executions per target and exits 1 when any target found something. `make test-fuzz` runs it for
# 20 s a target (as does `make test`), `make fuzz` for 5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-20}
jobs=${FUZZ_JOBS:-$(nproc)}
out=build/fuzz

mapfile -t targets < <(ls tests/fuzz/*_fuzz.cpp | sed 's|.*/||; s|_fuzz\.cpp$||')
for t in "${targets[@]}"; do
  [[ -x $out/fuzz/${t}_fuzz ]] || { echo "run-fuzz: $out/fuzz/${t}_fuzz is missing: run make fuzz-build first" >&2; exit 2; }
done
mkdir -p "$out/artifacts" "$out/logs"
run_one() {
  local t=$1 seconds=$2 out=$3
  mkdir -p "$out/corpus/$t"
  "$out/fuzz/${t}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/$t-" "$out/corpus/$t" "tests/fuzz/corpus/$t" >"$out/logs/$t.log" 2>&1
}
export -f run_one
status=0
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$1" "$2" "$3"' _ {} "$seconds" "$out" || status=1

printf '%-18s %12s %8s  %s\n' target executions corpus result
for t in "${targets[@]}"; do
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/logs/$t.log" | tail -1)
  units=$(ls "$out/corpus/$t" | wc -l)
  if [[ -z $runs ]]; then
    result="DID NOT RUN: see $out/logs/$t.log"
    status=1
  elif grep -qE '^==[0-9]+== ?ERROR|^SUMMARY: |fuzz invariant broken|ALARM: working on the last Unit' "$out/logs/$t.log"; then
    result="FOUND: see $out/logs/$t.log and $out/artifacts/$t-*"
    status=1
  else
    result=ok
  fi
  printf '%-18s %12s %8s  %s\n' "$t" "${runs:-?}" "$units" "$result"
done
exit $status
