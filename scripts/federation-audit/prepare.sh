#!/usr/bin/env bash
# Prints the folder of a runnable copy of the federation conformance suite: the read-only
# suite (FEDERATION_AUDIT_SUITE, default ../shared/federation-audit/suite beside the clone)
# copied into $TMPDIR once per package-lock and `npm ci`-ed there.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
suite=${FEDERATION_AUDIT_SUITE:-$repo/../shared/federation-audit/suite}
[ -f "$suite/package-lock.json" ] || { echo "federation-audit: no suite at $suite" >&2; exit 2; }
lock_hash=$(sha256sum "$suite/package-lock.json" | cut -c1-12)
copy="${TMPDIR:-/tmp}/salesgraph-federation-audit-$lock_hash"
if [ ! -f "$copy/.installed" ]; then
  rm -rf "$copy" && mkdir -p "$copy"
  cp -r "$suite/." "$copy/"
  (cd "$copy" && npm ci --no-audit --no-fund --loglevel=error >&2)
  touch "$copy/.installed"
fi
echo "$copy"
