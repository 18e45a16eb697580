#!/usr/bin/env bash
# Assembles the npm package in dist/: the wasm module from the wasm-release build plus the
# TypeScript wrapper compiled by tsc. Run after `cmake --build --preset wasm-release`.
set -euo pipefail
cd "$(dirname "$0")/.."
wasm_dir=build/wasm-release/wasm
for f in learnloop_wasm.mjs learnloop_wasm.wasm; do
  [[ -f $wasm_dir/$f ]] || { echo "build-package: $wasm_dir/$f is missing; build the wasm-release preset first" >&2; exit 1; }
done
rm -rf dist
mkdir -p dist
cp "$wasm_dir/learnloop_wasm.mjs" "$wasm_dir/learnloop_wasm.wasm" wasm/ts/learnloop_wasm.d.mts dist/
node_modules/.bin/tsc -p tsconfig.json
chmod +x dist/cli.js
