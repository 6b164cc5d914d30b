#!/usr/bin/env bash
# Runs the JMH comparison (about 10 minutes) and writes docs/BENCHMARKS.md. Redis is pinned to the last CPU
# with taskset when there are at least two, so the JVM under test does not share a CPU with it.
# KOMPRESS_BENCH_QUICK=1 shortens every run to a smoke test (figures not for quoting).
set -euo pipefail
cd "$(dirname "$0")"
cpus=$(nproc)
if [ -z "${KOMPRESS_REDIS_CPUS:-}" ] && [ "$cpus" -ge 2 ] && command -v taskset >/dev/null 2>&1; then
  export KOMPRESS_REDIS_CPUS=$((cpus - 1))
fi
exec mvn -q -Pbench -DskipTests -pl kompress-bench -am verify
