#!/usr/bin/env bash
# Builds what the demo needs (only when a source or POM changed since the last build), then runs it:
# `./run-demo.sh` for the guided tour, `./run-demo.sh --serve 8080` for the HTTP example, `./run-demo.sh --help`
# for both; `./run-demo.sh --spring [port]` runs the Spring Boot example (kompress-spring-boot-example). Starts its
# own Redis (primary + 2 replicas) unless a REDIS_* variable is set. The build's output goes
# to kompress-demo/target/run-demo-build.log and is shown only when the build fails, so what the demo prints is
# all there is (no Maven lines, no ANSI escape codes).
set -euo pipefail
cd "$(dirname "$0")"
module=kompress-demo
main=io.kompress.demo.DemoApp
args=("$@")
if [ "${1:-}" = "--spring" ]; then
  module=kompress-spring-boot-example
  main=io.kompress.example.ShopExample
  args=("--server.port=${2:-8080}")
fi
log=$module/target/run-demo-build.log
stamp=$module/target/run-demo.stamp
mkdir -p "$module/target"
# Anything the demo is built from that changed since the last successful build (the benchmark module is not).
changed() {
  [ ! -f "$stamp" ] || [ ! -f "$module/target/classpath.txt" ] && return 0
  [ -n "$(find . -path ./kompress-bench -prune -o -path '*/target' -prune -o -path ./.git -prune -o \
    -type f \( -name pom.xml -o -path '*/src/main/*' \) -newer "$stamp" -print -quit)" ]
}
if changed; then
  echo "run-demo: building $module (the first build downloads its dependencies) ..." >&2
  if ! mvn -B -q -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip -pl "$module" -am \
      package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt > "$log" 2>&1; then
    cat "$log" >&2
    echo "run-demo: the build failed (log above, also in $log)" >&2
    exit 1
  fi
  touch "$stamp"
fi
exec java -cp "$module/target/classes:$(cat "$module/target/classpath.txt")" "$main" "${args[@]}"
