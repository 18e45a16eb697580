#!/usr/bin/env bash
# The sharded learning run as one command for the benchmarks: N shards of `learnloop learn --shard i/N` at once (one
# process each), then `learnloop learn --merge`. Run under /usr/bin/time, its peak RSS is the largest single process's
# (GNU time reports the children's maximum), its wall time the whole run's. Prints the merge's --json answer.
# Usage: bench/lib/learn_sharded.sh CLI DB DATE N   (CLI may be "node dist/cli.js": word-split on purpose)
set -euo pipefail
cli=$1 db=$2 date=$3 shards=$4
pids=()
for ((i = 0; i < shards; i++)); do
  # shellcheck disable=SC2086
  $cli learn --db "$db" --date "$date" --shard "$i/$shards" --json >/dev/null &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
# shellcheck disable=SC2086
$cli learn --db "$db" --date "$date" --merge --json
