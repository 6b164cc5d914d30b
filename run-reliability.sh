#!/usr/bin/env bash
# Runs the fault matrix (kompress-reliability, ~4 min) and writes docs/RELIABILITY.md and docs/NEAR-FAULTS.md
# from its measurements.
# `mvn verify` runs the same suite (the report then goes to kompress-reliability/target/RELIABILITY.md only).
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q install -DskipTests -pl kompress-reliability -am
mvn -B verify -pl kompress-reliability -Dkompress.reliability.report="$PWD/docs/RELIABILITY.md" \
  -Dkompress.near.report="$PWD/docs/NEAR-FAULTS.md"
echo "Wrote docs/RELIABILITY.md and docs/NEAR-FAULTS.md"
