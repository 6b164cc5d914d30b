#!/usr/bin/env bash
# The Boot application in docs/guides/SPRING.md ("A Boot application, from nothing"), followed as a new user would:
# its POM, Java file, properties and commands are taken from the document, built once with Boot 3.5.7 and once with
# Boot 4.0.7 (the parent's version is the only change) against the locally installed artifacts, and run against a
# redis-server started here on a free loopback port. The second request must be a hit: /loads answers 1.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no > "$work/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

for boot in 3.5.7 4.0.7; do
  project="$work/boot-$boot"
  mkdir -p "$project"
  python3 "$repo/.ci/readme_recipe.py" "$repo/docs/guides/SPRING.md" "## A Boot application, from nothing" "$project"
  sed -i "0,/<version>3.5.7<\/version>/s//<version>$boot<\/version>/" "$project/pom.xml"
  sed -i 's/^java -jar/exec java -jar/' "$project/commands.sh"
  http_port=$(free_port)
  redis-cli -p "$redis_port" del users >/dev/null
  # One process from the build to the application (commands.sh ends in exec java), so that $! is the application.
  REDIS_HOST=127.0.0.1 REDIS_PORT="$redis_port" SERVER_PORT="$http_port" \
    bash -c 'cd "$0" && exec bash commands.sh' "$project" > "$work/app-$boot.log" 2>&1 &
  app=$!
  pids+=($app)
  up=""
  for _ in $(seq 600); do # the build runs first: up to 5 minutes on a cold Maven cache
    if curl -sf "http://127.0.0.1:$http_port/loads" >/dev/null 2>&1; then up=yes; break; fi
    kill -0 "$app" 2>/dev/null || break
    sleep 0.5
  done
  [ -n "$up" ] || { cat "$work/app-$boot.log"; echo "spring-recipe (Boot $boot): the application did not start" >&2; exit 1; }
  first=$(curl -sf "http://127.0.0.1:$http_port/users/42")
  second=$(curl -sf "http://127.0.0.1:$http_port/users/42")
  loads=$(curl -sf "http://127.0.0.1:$http_port/loads")
  stored=$(redis-cli -p "$redis_port" hget users 42)
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  [ "$first" = '{"id":42,"name":"user-42"}' ] && [ "$second" = "$first" ] && [ "$loads" = 1 ] \
    && [ "$stored" = '{"id":42,"name":"user-42"}' ] || {
    cat "$work/app-$boot.log"
    echo "spring-recipe (Boot $boot): got '$first', '$second', loads=$loads, stored '$stored'" >&2; exit 1; }
  echo "spring-recipe (Boot $boot): a fresh project from docs/guides/SPRING.md answered through Kompress; the" \
    "second request was a hit and the entry is plain JSON"
done
