#!/usr/bin/env bash
# `npm test` of one workspace (`npx lerna run test`, or `npm test -w <name>`): its compiled
# unit, integration and e2e tests, in that order, with node's test runner. Needs `tsc -b` first
# and, for *.int/*.e2e files, the services `npm test` provides (PostgreSQL, Kafka, Redis).
set -euo pipefail
mapfile -t files < <(for tier in spec int e2e; do find dist -name "*.${tier}.js" 2>/dev/null | sort; done)
if [ "${#files[@]}" -eq 0 ]; then echo "$(basename "$PWD"): no tests"; exit 0; fi
exec node --test --test-concurrency=1 --test-timeout=600000 --test-reporter=spec "${files[@]}"
