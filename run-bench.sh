#!/usr/bin/env bash
# Runs the JMH comparison (about 7 minutes) and writes docs/reports/BENCHMARKS.md.
# --profile instead profiles the 8-thread hit path with JFR (about 1 minute) and writes docs/reports/PROFILE.md.
# --near instead measures the near cache (about 15 minutes) and writes docs/reports/NEAR.md.
# --fleet instead measures the near cache on a service-fleet workload (about 4 minutes) and writes
#   docs/reports/NEAR-FLEET.md.
# --batch instead measures batch read-through (about 3 minutes) and writes docs/reports/BATCH.md.
# --sweep instead measures the expiry sweep (about 7 minutes; needs a Redis before 7.4) and writes docs/reports/SWEEP.md.
# With two or more CPUs and taskset available, Redis runs on the last CPU and everything else (Maven, the
# JMH host and forked JVMs, redis-benchmark) on the others, so client and server never share a CPU and the
# one-thread figures do not flip between two levels. KOMPRESS_BENCH_QUICK=1 makes a smoke run (figures
# not for quoting).
set -euo pipefail
cd "$(dirname "$0")"
cpus=$(nproc)
pin=()
if [ -z "${KOMPRESS_REDIS_CPUS:-}" ] && [ "$cpus" -ge 2 ] && command -v taskset >/dev/null 2>&1; then
  export KOMPRESS_REDIS_CPUS=$((cpus - 1))
  export KOMPRESS_BENCH_CLIENT_CPUS="0-$((cpus - 2))"
  pin=(taskset -c "$KOMPRESS_BENCH_CLIENT_CPUS")
fi
main=()
if [ "${1:-}" = "--profile" ]; then
  main=(-Dbench.main=io.kompress.bench.HitProfile -Dbench.report=PROFILE.md)
elif [ "${1:-}" = "--near" ]; then
  main=(-Dbench.main=io.kompress.bench.NearReport -Dbench.report=NEAR.md)
  pin=() # Redis keeps the last CPU; near hits never reach it, so the JVM may use every CPU to show scaling
elif [ "${1:-}" = "--fleet" ]; then
  main=(-Dbench.main=io.kompress.bench.FleetReport -Dbench.report=NEAR-FLEET.md)
  pin=()
elif [ "${1:-}" = "--batch" ]; then
  main=(-Dbench.main=io.kompress.bench.BatchReport -Dbench.report=BATCH.md)
elif [ "${1:-}" = "--sweep" ]; then
  main=(-Dbench.main=io.kompress.bench.SweepReport -Dbench.report=SWEEP.md)
elif [ $# -gt 0 ]; then
  echo "usage: $0 [--profile | --near | --fleet | --batch | --sweep]" >&2
  exit 2
fi
exec "${pin[@]}" mvn -q -Pbench -DskipTests -pl kompress-bench -am verify "${main[@]}"

