#!/usr/bin/env bash
# Builds what the demo needs and runs it: `./run-demo.sh` for the guided tour, `./run-demo.sh --serve 8080`
# for the HTTP example. Starts its own Redis (primary + 2 replicas) unless a REDIS_* variable is set.
set -euo pipefail
cd "$(dirname "$0")"
exec mvn -q -Pdemo -DskipTests -pl kompress-demo -am verify -Dexec.args="$*"
