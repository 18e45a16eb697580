#!/usr/bin/env bash
# What `make demo` runs: the nightly learning job on the embedded default store (SQLite). The
# native CLI writes 90 days of synthetic content history into build/demo/learnloop-demo.db, runs
# the learning job for its last day (yesterday, UTC) and prints the report; then the npm package's
# bin (the same core in wasm, over sqlite-wasm) reads that database and must print the same report.
set -euo pipefail
cd "$(dirname "$0")/.."
native=build/native-release/bin/learnloop
mkdir -p build/demo
db=build/demo/learnloop-demo.db
rm -f "$db" "$db-wal" "$db-shm"
date=$(date -u -d yesterday +%F)

echo "\$ learnloop demo --db $db --days 90 --seed 42"
"$native" demo --db "$db" --days 90 --seed 42 --date "$date"

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
echo
echo "database: $db"
echo "report:   stored in its learning_runs table; print it with"
echo "          $native report --db $db --date $date [--json]"
