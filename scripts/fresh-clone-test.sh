#!/usr/bin/env bash
# Runs `make test` the way a new machine sees it: a fresh clone of this repository's committed HEAD
# in a temporary folder, an empty npm cache (so every npm step must come from scripts/setup.sh and
# the lockfile, never from a cache an earlier install warmed) and no build/, dist/ or node_modules/.
# Uncommitted changes are not part of the clone. Each output line starts with the seconds since the
# start (`scripts/fresh-clone-test.sh demo` shows when the native result printed, the README's figure).
# Keeps the clone when a test fails (its path is printed) and removes it otherwise.
# Usage: scripts/fresh-clone-test.sh [make target, default test]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-test}
work=$(mktemp -d "${TMPDIR:-/tmp}/learnloop-fresh-XXXXXX")
git clone --quiet --no-hardlinks "$repo" "$work/learnloop"
mkdir "$work/npm-cache"
echo "fresh-clone-test: $(git -C "$work/learnloop" log --oneline -1) in $work/learnloop, npm cache $work/npm-cache"
cd "$work/learnloop"
start=${EPOCHREALTIME/./}
stamp() {
  local line now
  while IFS= read -r line; do
    now=${EPOCHREALTIME/./}
    printf '[%5d.%01ds] %s\n' $(((now - start) / 1000000)) $(((now - start) / 100000 % 10)) "$line"
  done
}
if npm_config_cache="$work/npm-cache" make "$target" 2>&1 | stamp; then
  rm -rf "$work"
  echo "fresh-clone-test: make $target passed in a fresh clone with an empty npm cache"
else
  echo "fresh-clone-test: make $target FAILED; the clone is kept in $work/learnloop" >&2
  exit 1
fi
