# learnloop's two promises: `make demo` and `make test` work on a fresh Debian bookworm machine.
# Each target installs what is missing (scripts/setup.sh), builds what it needs once, then runs.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
export NODE_PATH := /usr/share/nodejs

NATIVE_DEBUG := build/native-debug
NATIVE_RELEASE := build/native-release
WASM := build/wasm-release

.PHONY: all setup setup-browser native-debug native-release wasm package demo test test-cpp test-js bench lint-ts clean

all: native-release package

setup:
	@bash scripts/setup.sh

setup-browser:
	@bash scripts/setup.sh --browser

native-debug:
	@cmake --preset native-debug >/dev/null
	@cmake --build --preset native-debug -j $(JOBS)

native-release:
	@cmake --preset native-release >/dev/null
	@cmake --build --preset native-release -j $(JOBS)

wasm:
	@cmake --preset wasm-release >/dev/null
	@cmake --build --preset wasm-release -j $(JOBS)

package: wasm
	@bash scripts/build-package.sh

demo: setup
	@$(MAKE) --no-print-directory native-release package
	@bash scripts/demo.sh

test: setup-browser
	@$(MAKE) --no-print-directory native-debug package
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

bench:
	@bash scripts/setup.sh --bench
	@$(MAKE) --no-print-directory native-release package
	@node bench/run.mjs

clean:
	rm -rf build dist
