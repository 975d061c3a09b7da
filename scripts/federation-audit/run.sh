#!/usr/bin/env bash
# The federation conformance suite (The Guild's federation-gateway-audit, ../shared/federation-audit)
# against our gateway, through gateway.sh (the adapter the suite's runner starts per suite).
#
#   scripts/federation-audit/run.sh                 every suite; results in $FEDERATION_AUDIT_OUT/results.txt
#   scripts/federation-audit/run.sh requires-requires typename ...   only these suites
#
# Environment: FEDERATION_AUDIT_SUITE (default ../shared/federation-audit/suite beside the clone),
# FEDERATION_AUDIT_OUT (default a new temporary folder), GATEWAY_EXECUTOR (salesgraph | apollo).
# The suite folder is read-only: prepare.sh copies it once per package-lock into $TMPDIR and runs `npm ci` there.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
[ -f "$repo/gateway/dist/main.js" ] || { echo "federation-audit: build first (npx tsc -b)" >&2; exit 2; }
copy=$(bash "$repo/scripts/federation-audit/prepare.sh")

out=${FEDERATION_AUDIT_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/federation-audit-XXXXXX")}
mkdir -p "$out"
cp "$repo/scripts/federation-audit/gateway.sh" "$out/gateway.sh"
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
gateway_port=$(free_port)
subgraphs_port=$(free_port)
cat > "$out/gateway.env" <<ENV
REPO=$repo
GATEWAY_PORT=$gateway_port
SUBGRAPHS_PORT=$subgraphs_port
GATEWAY_EXECUTOR=${GATEWAY_EXECUTOR:-salesgraph}
ENV

flags=(--cwd "$out" --run-script "$out/gateway.sh" --port "$subgraphs_port"
  --graphql "http://127.0.0.1:$gateway_port/graphql" --healthcheck "http://127.0.0.1:$gateway_port/readyz")
cd "$copy"
export GATEWAY_TIMEOUT=${GATEWAY_TIMEOUT:-60000}
if [ $# -eq 0 ]; then
  node ./node_modules/.bin/tsx ./src/cli.ts test --reporter dot --write results.txt "${flags[@]}"
else
  : > "$out/results.txt"
  for id in "$@"; do
    status=0
    node ./node_modules/.bin/tsx ./src/cli.ts test-suite --test "$id" --reporter tap "${flags[@]}" > "$out/$id.tap" || status=$?
    # One line per suite as the full run writes it: the id, then . or X per case.
    printf '%s\n%s\n' "$id" "$(grep -E "^ +(not )?ok [0-9]+ - ${id}_[0-9]+\$" "$out/$id.tap" | sed -E 's/^ +ok .*/./; s/^ +not ok .*/X/' | tr -d '\n')" >> "$out/results.txt"
    [ "$status" -eq 0 ] || echo "federation-audit: $id had failures (see $out/$id.tap)" >&2
  done
fi
echo "federation-audit: results in $out/results.txt"
