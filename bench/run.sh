#!/usr/bin/env bash
# npm run bench: builds the bench package (and what it uses: the gateway, the subgraphs) and runs it.
# Settings come from BENCH_* variables (bench/README.md), e.g.
#   BENCH_RUNS=1 BENCH_WARMUP_SECONDS=3 BENCH_DURATION_SECONDS=5 npm run bench
set -euo pipefail
cd "$(dirname "$0")/.."
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 22 ? 0 : 1)' 2>/dev/null; then
  . scripts/toolchain.sh
fi
npx tsc -b bench gateway subgraphs/accounts subgraphs/deals subgraphs/contracts subgraphs/beneficiaries subgraphs/workflows subgraphs/intake
exec node bench/dist/main.js
