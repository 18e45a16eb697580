#!/usr/bin/env bash
# What `make demo` runs: the nightly learning job on the embedded default store (SQLite), in two
# phases so the native result shows before the wasm build starts.
#   demo.sh native   the native CLI writes 90 days of synthetic content history into
#                    build/demo/learnloop-demo.db, runs the learning job for its last day (yesterday,
#                    UTC) and prints the report;
#   demo.sh compare  the npm package's bin (the same core in wasm, over sqlite-wasm) reads that
#                    database and must print the same report.
# With no argument it runs both (both targets must be built).
set -euo pipefail
cd "$(dirname "$0")/.."
native=build/native-release/bin/learnloop
db=build/demo/learnloop-demo.db
phase=${1:-all}

run_native() {
  mkdir -p build/demo
  rm -f "$db" "$db-wal" "$db-shm"
  date=$(date -u -d yesterday +%F)
  echo "$date" >build/demo/date  # the compare phase uses the same day, even past midnight
  echo "\$ learnloop demo --db $db --days 90 --seed 42"
  "$native" demo --db "$db" --days 90 --seed 42 --date "$date"
  echo
  echo "database: $db"
  echo "report:   stored in its learning_runs table; print it with"
  echo "          $native report --db $db --date $date [--json]"
}

run_compare() {
  [[ -f $db && -f build/demo/date ]] || { echo "demo: $db is missing: run 'scripts/demo.sh native' first" >&2; exit 1; }
  local date from_native from_wasm
  date=$(cat build/demo/date)
  echo
  echo "\$ node dist/cli.js report --db $db --date $date --json   # the npm package's bin: wasm + sqlite-wasm"
  from_native=$("$native" report --db "$db" --date "$date" --json)
  from_wasm=$(node dist/cli.js report --db "$db" --date "$date" --json)
  if [[ "$from_native" == "$from_wasm" ]]; then
    echo "the native CLI and the npm package read the same database and print the same report (${#from_wasm} bytes of JSON)"
  else
    echo "native and wasm reports DISAGREE" >&2
    exit 1
  fi
}

case $phase in
  native) run_native ;;
  compare) run_compare ;;
  all) run_native && run_compare ;;
  *) echo "demo: unknown phase '$phase' (expected native, compare or nothing for both)" >&2; exit 2 ;;
esac
