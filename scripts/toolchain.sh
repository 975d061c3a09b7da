#!/usr/bin/env bash
# Provisions the toolchain the project needs, without touching the system:
#   - Node >= 22: when the node on PATH is older, Node 24 from the npm `node` package goes
#     into .tools/ (project-local) and is put first on PATH.
#   - PostgreSQL at 127.0.0.1:5432: started with pg_ctlcluster when it is not answering.
# Source it (`. scripts/toolchain.sh`) so the PATH change reaches the caller.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  tools="$root/.tools"
  if [ ! -x "$tools/node_modules/node/bin/node" ] || [ "$("$tools/node_modules/node/bin/node" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -lt 22 ]; then
    echo "toolchain: node $(node --version 2>/dev/null || echo none) is older than 22; installing Node 24 into .tools/"
    mkdir -p "$tools"
    # A package.json of its own, so npm installs here and not into the workspace root above.
    [ -f "$tools/package.json" ] || echo '{ "private": true }' > "$tools/package.json"
    npm install --prefix "$tools" --no-save --no-package-lock --no-audit --no-fund --loglevel=error node@24 >/dev/null
  fi
  export PATH="$tools/node_modules/node/bin:$PATH"
fi
echo "toolchain: node $(node --version), npm $(npm --version 2>/dev/null)"

if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "toolchain: PostgreSQL is not answering on 127.0.0.1:5432; starting it"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
fi
