# learnloop's two promises: `make demo` and `make test` work on a fresh Debian bookworm machine.
# Each target installs what is missing (scripts/setup.sh), builds what it needs once, then runs.
# Builds share one pool of $(JOBS) jobs: each `cmake --build` joins make's jobserver (the `+`
# recipes), so `make -j2 cli package` compiles the native CLI and the wasm module side by side.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
export NODE_PATH := /usr/share/nodejs
# Node: scripts/setup.sh installs build/tools/node-<major> when the system's Node is too old (or
# when asked for another major line, `make NODE_MAJOR=24 test`); when present it comes first.
NODE_MAJOR ?= 20
export PATH := $(CURDIR)/build/tools/node-$(NODE_MAJOR)/bin:$(PATH)
SETUP := bash scripts/setup.sh $(if $(filter-out 20,$(NODE_MAJOR)),--node $(NODE_MAJOR))
# Inside a parallel make, cmake's own make takes its jobs from the jobserver; run alone, it gets -j.
CMAKE_JOBS = $(if $(findstring jobserver,$(MAKEFLAGS)),,-j $(JOBS))

NATIVE_DEBUG := build/native-debug
NATIVE_RELEASE := build/native-release
WASM := build/wasm-release

.PHONY: all setup setup-test native-debug native-release cli wasm package fuzz-build demo test bench bench-build \
  format lint lint-cpp lint-ts fuzz test-fuzz clean

all: native-release package

setup:
	@$(SETUP)

# What `make test` needs beyond the build: Chromium for the browser tests, clang-14 for the fuzz targets, PostgreSQL 15,
# the pinned Node 22 and 24 (build/tools) that run node:test beside Node 20.
setup-test:
	@$(SETUP) --browser --fuzz --postgres --test-nodes

native-debug:
	@cmake --preset native-debug >/dev/null
	+@cmake --build --preset native-debug $(CMAKE_JOBS)

native-release:
	@cmake --preset native-release >/dev/null
	+@cmake --build --preset native-release $(CMAKE_JOBS)

# The native release CLI alone (what the demo runs), without the benchmark binaries.
cli:
	@cmake --preset native-release >/dev/null
	+@cmake --build --preset native-release --target learnloop $(CMAKE_JOBS)

wasm:
	@cmake --preset wasm-release >/dev/null
	+@cmake --build --preset wasm-release $(CMAKE_JOBS)

package: wasm
	@bash scripts/build-package.sh

# The libFuzzer targets of tests/fuzz (preset `fuzz`: clang-14, ASan + UBSan).
fuzz-build:
	@cmake --preset fuzz >/dev/null
	+@cmake --build --preset fuzz $(CMAKE_JOBS)

# The native CLI's result first (built and run before npm ci and the wasm build), then the npm
# package's bin reads the same database and must print the same report.
demo:
	@$(SETUP) --system
	@$(MAKE) --no-print-directory cli
	@bash scripts/demo.sh native
	@$(SETUP)
	@$(MAKE) --no-print-directory package
	@bash scripts/demo.sh compare

test: setup-test
	@$(MAKE) --no-print-directory -j $(JOBS) native-debug package fuzz-build
	@bash scripts/run-tests.sh

# TypeScript and JavaScript checks, no wasm build needed: the strict compile of wasm/ts (it writes the
# .d.ts files to dist/, which the JS checks import), ESLint, checkJs over web-demo, tests and bench
# (tsconfig.check.json), and the import-cycle test.
lint-ts: setup
	@node_modules/.bin/tsc -p tsconfig.json --emitDeclarationOnly
	@cp wasm/ts/learnloop_wasm.d.mts dist/
	@node_modules/.bin/eslint --max-warnings 0 .
	@node_modules/.bin/tsc -p tsconfig.check.json
	@node --test --test-reporter=dot tests/js/import_cycles.test.mjs

# Builds everything the benchmarks run (native bench binaries, npm package, peers) without running them.
bench-build:
	@$(SETUP) --bench --test-nodes --postgres
	@$(MAKE) --no-print-directory -j $(JOBS) native-release package

# Under a throwaway PostgreSQL 15 and PGlite + pgvector: bench/benchmarks/postgres.mjs measures against both.
bench: bench-build
	@bash scripts/pg_test_server.sh run node scripts/pglite_socket_server.mjs run node bench/run.mjs

# clang-format and clang-tidy over the C++ (scripts/lint_cpp.py); files unchanged since a clean run are skipped.
lint-cpp:
	@$(SETUP) --system --lint
	@JOBS=$(JOBS) python3 scripts/lint_cpp.py

# Every static check, clean or failing: what `.ci/run` runs after `make test`.
lint: lint-cpp lint-ts

# Rewrites every tracked C++ file in the house style (.clang-format); `make lint-cpp` checks it.
format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

# libFuzzer targets (tests/fuzz): `make test-fuzz` runs each 20 s, `make fuzz` 5 minutes (FUZZ_SECONDS=N to change).
fuzz:
	@$(SETUP) --system --fuzz
	@$(MAKE) --no-print-directory fuzz-build
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-300} bash scripts/run-fuzz.sh

test-fuzz:
	@$(SETUP) --system --fuzz
	@$(MAKE) --no-print-directory fuzz-build
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-20} bash scripts/run-fuzz.sh

clean:
	rm -rf build dist
