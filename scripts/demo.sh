#!/usr/bin/env bash
# What `make demo` runs: a real Thompson sampling simulation through the native CLI, then the
# same command through the npm package's bin (the core compiled to wasm), to show they agree.
set -euo pipefail
cd "$(dirname "$0")/.."
args=(bandit simulate --policy thompson --probs 0.02,0.03,0.05 --rounds 100000 --seed 7)
echo "\$ learnloop ${args[*]}"
build/native-release/bin/learnloop "${args[@]}"
echo
echo "\$ learnloop ${args[*]} --json            # native"
native=$(build/native-release/bin/learnloop "${args[@]}" --json)
echo "$native"
echo "\$ npx learnloop ${args[*]} --json        # npm package (wasm in Node)"
wasm=$(node dist/cli.js "${args[@]}" --json)
echo "$wasm"
if [[ "$native" == "$wasm" ]]; then echo "native and wasm agree"; else echo "native and wasm DISAGREE" >&2; exit 1; fi
