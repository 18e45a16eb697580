#!/usr/bin/env bash
# Installs what learnloop's build and tests need on Debian bookworm, skipping what is present:
# apt packages (with sudo when not root, never interactive) and the npm dev dependencies from
# the committed lockfile. `--browser` adds Debian's Chromium for the browser tests; `--bench` adds
# scikit-learn (python3-sklearn), hnswlib's Python binding (python3-hnswlib) and XGBoost (python3-xgboost),
# the peers of the predictor and similarity search benchmarks, pandas (python3-pandas) and the sqlite3 shell
# (sqlite3), the learning job's and ingest's peers, and builds the hnswlib-node addon;
# `--lint` adds clang-format and clang-tidy (`make lint-cpp`); `--fuzz` adds clang-14 and its libFuzzer runtime
# (libclang-rt-14-dev, only a Recommends of clang) for the fuzz targets (`make fuzz`, and a short run in `make test`);
# `--postgres` adds Debian's postgresql-15, whose server binaries scripts/pg_test_server.sh runs for the tests (the
# package also starts a system cluster on port 5432, which the tests leave alone). libpq-dev is always installed.
# Node: when the Node on PATH is older than 20 (Debian bookworm's is 18) or missing, it installs a
# pinned Node 20 into build/tools/node-20 (scripts/install-node.sh), which the Makefile puts first on
# PATH. `--node 22|24` installs that major line into build/tools/node-<major> and prints its bin
# folder as the last line (`make NODE_MAJOR=24 test` uses it). `--test-nodes` installs the pinned
# Node 22 and 24 as well (build/tools/node-22, node-24; `make test` runs the node:test suite on Node 24
# and the store tests on Node 22 with them), without changing which Node runs the rest. LEARNLOOP_FORCE_NODE_INSTALL=1 installs
# build/tools/node-20 even when the Node on PATH is recent (to test the fallback). `--system` stops
# before npm (what the native build needs; `make demo` runs the native CLI before npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."

browser=0 bench=0 lint=0 fuzz=0 postgres=0 system_only=0 test_nodes=0 node_major=""
while (($#)); do
  case $1 in
    --browser) browser=1 ;;
    --bench) bench=1 ;;
    --system) system_only=1 ;;
    --lint) lint=1 ;;
    --fuzz) fuzz=1 ;;
    --postgres) postgres=1 ;;
    --node) node_major=${2:?--node needs a major version}; shift ;;
    --test-nodes) test_nodes=1 ;;
    *) echo "setup: unknown option $1 (expected --browser, --bench, --lint, --fuzz, --postgres, --system, --test-nodes, --node MAJOR)" >&2; exit 2 ;;
  esac
  shift
done

packages=(cmake g++ make pkg-config nodejs npm emscripten libeigen3-dev nlohmann-json3-dev libhnswlib-dev
  libsqlite3-dev libpq-dev libgtest-dev googletest)
((browser)) && packages+=(chromium)
((bench)) && packages+=(python3-sklearn python3-pandas sqlite3 python3-hnswlib python3-xgboost time)
((lint)) && packages+=(clang-format clang-tidy)
((fuzz)) && packages+=(clang-14 libclang-rt-14-dev)
((postgres)) && packages+=(postgresql-15)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The machine image may ship node and npm outside Debian's packages; they count as present.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs/}"); missing=("${missing[@]/npm/}")
fi
read -r -a missing <<<"${missing[*]:-}"

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# A Node >= 20 first on PATH for the rest of this script (npm ci) and for make's targets.
node_major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
node_bin=""
if [[ -n $node_major ]]; then
  node_bin=$(bash scripts/install-node.sh "$node_major")
elif [[ ${LEARNLOOP_FORCE_NODE_INSTALL:-0} == 1 ]] || ! command -v node >/dev/null ||
  (($(node_major_of node) < 20)); then
  node_bin=$(bash scripts/install-node.sh 20)
fi
if [[ -n $node_bin ]]; then
  export PATH="$node_bin:$PATH"
  echo "setup: using Node $(node --version) from ${node_bin#"$PWD"/}"
fi

if ((test_nodes)); then
  for major in 22 24; do bash scripts/install-node.sh "$major" >/dev/null; done
fi

((system_only)) && exit 0

# npm ci only when the lockfile changed since the last install. Install scripts are skipped: the
# only one that does work is hnswlib-node's native addon build, which only the benchmarks need.
stamp=node_modules/.learnloop-lock
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error --ignore-scripts
  cp package-lock.json "$stamp"
fi
if ((bench)) && [[ ! -f node_modules/hnswlib-node/build/Release/addon.node ]]; then
  echo "setup: building hnswlib-node's addon (benchmark peer)"
  npm rebuild hnswlib-node --no-audit --no-fund --loglevel=error
fi
[[ -n $node_major ]] && echo "$node_bin"
exit 0
