#!/usr/bin/env bash
# npm start: the five subgraphs and the gateway in one process (packages/embedded), over PGlite
# and the in-process event bus unless DATABASE_URL / KAFKA_BROKERS say otherwise.
# Builds first when the compiled code is missing or older than the sources (tsc -b, incremental).
# Arguments go to the start: npm start -- --reset | --simulate | --no-seed | --scale 0.1 | --help
set -euo pipefail
cd "$(dirname "$0")/.."

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 22 ]; then
  # Node 24 from the npm `node` package into .tools/ (project-local), first on PATH.
  . scripts/toolchain.sh >&2
fi

if [ ! -d node_modules/@electric-sql/pglite ]; then
  echo "npm start: dependencies are missing; run npm install first" >&2
  exit 1
fi

stamp=.data/build.stamp
entry=packages/embedded/dist/main.js
if [ ! -f "$entry" ] || [ ! -f "$stamp" ] || [ -n "$(find packages subgraphs gateway tsconfig.base.json \
    \( -name node_modules -o -name dist \) -prune -o \( -name '*.ts' -o -name 'package.json' -o -name 'tsconfig.json' \) \
    -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  echo "npm start: building (tsc -b packages/embedded)…" >&2
  started=$(date +%s)
  node node_modules/typescript/bin/tsc -b packages/embedded
  mkdir -p .data && touch "$stamp"
  echo "npm start: built in $(( $(date +%s) - started )) s" >&2
fi

exec node "$entry" "$@"
