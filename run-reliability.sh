#!/usr/bin/env bash
# Runs the fault matrix (kompress-reliability, ~6 min) and writes docs/reports/RELIABILITY.md and docs/reports/NEAR-FAULTS.md
# from its measurements; then the virtual-thread burst on JDK 25 (when these machines' JDK 25 is there) writes its
# section of docs/reports/RELIABILITY.md.
# `mvn verify` runs the same suite (the report then goes to kompress-reliability/target/RELIABILITY.md only).
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q install -DskipTests -pl kompress-reliability -am
mvn -B verify -pl kompress-reliability -Dkompress.reliability.report="$PWD/docs/reports/RELIABILITY.md" \
  -Dkompress.near.report="$PWD/docs/reports/NEAR-FAULTS.md"
JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
if [ -x "$JDK25/bin/java" ]; then
  JAVA_HOME="$JDK25" mvn -B test -pl kompress-reliability -Dtest=VirtualThreadBurstTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Dkompress.burst.report="$PWD/docs/reports/RELIABILITY.md"
else
  echo "No JDK 25 at $JDK25: the virtual-thread section of docs/reports/RELIABILITY.md was left as it was"
fi
echo "Wrote docs/reports/RELIABILITY.md and docs/reports/NEAR-FAULTS.md"
