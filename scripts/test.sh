#!/usr/bin/env bash
# The whole suite, as CI runs it: toolchain, build, format check, declared imports, lint, supergraph check, real Kafka,
# then unit (*.spec), integration (*.int) and e2e (*.e2e) tests with node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/toolchain.sh

echo "== build"; npx tsc -b
echo "== format"; npx prettier --check . >/dev/null || { npx prettier --list-different .; echo "run: npm run format" >&2; exit 1; }
echo "== imports"; node scripts/check-imports.mjs
echo "== lint"; npx eslint --max-warnings=0 .
echo "== supergraph"; node scripts/compose.mjs --check
echo "== public schema"; node scripts/schema-check.mjs
echo "== codegen"; npx graphql-codegen --config codegen.yml --check --silent || { echo "run: npm run codegen" >&2; exit 1; }

# Browser tests (e2e/src/dashboard.e2e.ts) drive Debian's Chromium through playwright-core.
if [ ! -x /usr/bin/chromium ]; then
  echo "== chromium"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

# Alert-rule tests (promtool) and the scrape e2e (e2e/src/prometheus.e2e.ts) use Debian's Prometheus.
if [ ! -x /usr/bin/promtool ] || [ ! -x /usr/bin/prometheus ]; then
  echo "== prometheus"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi

# ANS batches are validated with xmllint (subgraphs/beneficiaries: ans-transmission).
# The ANS tests make their ICP-Brasil-style test certificates with openssl.
if ! command -v xmllint >/dev/null 2>&1 || ! command -v openssl >/dev/null 2>&1; then
  echo "== libxml2-utils, openssl"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libxml2-utils openssl >/dev/null
fi

# Quota tests (gateway/src/quota) use Redis at 127.0.0.1:6379, and start throwaway redis-servers of their own.
if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
  echo "== redis"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi
started_redis=0
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "== redis at 127.0.0.1:6379"
  mkdir -p .data
  redis-server --bind 127.0.0.1 --port 6379 --save '' --appendonly no --daemonize yes --pidfile "$PWD/.data/test-redis.pid"
  started_redis=1
fi

# deploy/src/compose-config.spec.ts validates docker/docker-compose.yml with Debian's docker-compose (no engine needed).
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "== docker-compose"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi

started_kafka=0
if ! node docker/kafka/kafka.mjs status >/dev/null 2>&1; then
  echo "== kafka"
  node docker/kafka/kafka.mjs start
  started_kafka=1
fi
stop_services() {
  if [ "$started_kafka" = 1 ]; then node docker/kafka/kafka.mjs stop; fi
  if [ "$started_redis" = 1 ]; then kill "$(cat "$PWD/.data/test-redis.pid")" 2>/dev/null || true; fi
}
trap stop_services EXIT

mapfile -t files < <(
  for tier in spec int e2e; do
    find packages subgraphs gateway e2e deploy -path '*/node_modules' -prune -o -path '*/dist/*' -name "*.${tier}.js" -print 2>/dev/null | sort
  done
)
if [ "${#files[@]}" -eq 0 ]; then echo "no test files found" >&2; exit 1; fi
echo "== tests (${#files[@]} files)"
mkdir -p test-artifacts
node --test --test-concurrency="${TEST_CONCURRENCY:-1}" --test-timeout=600000 --test-reporter=spec "${files[@]}"
