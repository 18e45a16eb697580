# learnloop's two promises: `make demo` and `make test` work on a fresh Debian bookworm machine.
# Each target installs what is missing (scripts/setup.sh), builds what it needs once, then runs.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
export NODE_PATH := /usr/share/nodejs

NATIVE_DEBUG := build/native-debug
NATIVE_RELEASE := build/native-release
WASM := build/wasm-release

.PHONY: all setup setup-browser native-debug native-release wasm package demo test test-cpp test-js bench clean

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

bench:
	@bash scripts/setup.sh --bench
	@$(MAKE) --no-print-directory native-release package
	@node bench/run.mjs

# libFuzzer targets (tests/fuzz): `make test-fuzz` runs each 20 s, `make fuzz` 5 minutes (FUZZ_SECONDS=N to change).
.PHONY: fuzz test-fuzz
fuzz: setup
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-300} bash scripts/run-fuzz.sh

test-fuzz: setup
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-20} bash scripts/run-fuzz.sh

clean:
	rm -rf build dist
