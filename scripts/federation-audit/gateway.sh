#!/bin/sh
# Started by the suite's runner once per suite, with the suite id: fetches that suite's
# supergraph, then runs our gateway over it with authentication off (a test-only setting)
# and every other limit as shipped. Settings come from gateway.env beside this file (run.sh).
set -e
here=$(cd "$(dirname "$0")" && pwd)
. "$here/gateway.env"
node -e "
  fetch('http://127.0.0.1:$SUBGRAPHS_PORT/$1/supergraph')
    .then(async (r) => { if (!r.ok) throw new Error('HTTP ' + r.status); require('fs').writeFileSync('$here/supergraph.graphql', await r.text()); })
    .catch((e) => { console.error('no supergraph for $1:', e.message); process.exit(1); });
"
export NODE_ENV=test HOST=127.0.0.1 PORT=$GATEWAY_PORT LOG_LEVEL=warn
export SUPERGRAPH_PATH="$here/supergraph.graphql" SUPERGRAPH_POLL_MS=0
export GATEWAY_TEST_ONLY_NO_AUTHENTICATION=true GATEWAY_EXECUTOR
export GATEWAY_IDENTITY_SECRET=federation-audit-identity-secret-not-a-real-one
export DEV_ISSUER_KEY_FILE="$here/dev-issuer-key.json"
exec node "$REPO/gateway/dist/main.js"
