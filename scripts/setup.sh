#!/usr/bin/env bash
# Installs what learnloop's build and tests need on Debian bookworm, skipping what is present:
# apt packages (with sudo when not root, never interactive) and the npm dev dependencies from
# the committed lockfile. `--browser` adds Debian's Chromium for the browser tests; `--bench` adds
# scikit-learn (python3-sklearn), hnswlib's Python binding (python3-hnswlib) and XGBoost (python3-xgboost),
# the peers of the predictor and similarity search benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ make pkg-config nodejs npm emscripten libeigen3-dev nlohmann-json3-dev libhnswlib-dev
  libsqlite3-dev libgtest-dev googletest clang-14 libclang-rt-14-dev)
[[ "${1:-}" == "--browser" ]] && packages+=(chromium)
[[ "${1:-}" == "--bench" ]] && packages+=(python3-sklearn python3-hnswlib python3-xgboost time)

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

# npm ci only when the lockfile changed since the last install.
stamp=node_modules/.learnloop-lock
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
