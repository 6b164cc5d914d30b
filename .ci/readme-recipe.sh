#!/usr/bin/env bash
# The README's "Your first hour" recipe and the load-time-weaving one in docs/guides/WEAVING.md, followed as a new
# user would: the POM, the Java files and the shell commands are taken from the documents themselves (so they cannot drift),
# put in a fresh project and built and run with plain Maven against the locally installed artifacts (run
# `mvn install -DskipTests` first) and a redis-server started here on a free loopback port. The second call must
# be a hit (the method body runs once), and the same project with a wrong field expression must fail to build.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
redis_pid=""
cleanup() { [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no > "$work/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

recipe() { # name, document, heading of its section
  local name="$1" doc="$2" heading="$3" project="$work/$1"
  mkdir -p "$project"
  python3 "$repo/.ci/readme_recipe.py" "$repo/$doc" "$heading" "$project" "$repo/README.md" "## Your first hour"
  cd "$project"
  local out
  out=$(REDIS_HOST=127.0.0.1 REDIS_PORT="$port" bash commands.sh 2>&1) || {
    echo "$out"; echo "readme-recipe ($name): the README's commands failed" >&2; exit 1; }
  echo "$out" | grep -F 'then User[id=42, name=user-42], loads=1' || {
    echo "$out"; echo "readme-recipe ($name): the second call was not a hit" >&2; exit 1; }
  echo "readme-recipe ($name): a fresh project built from $doc compiled, weaved, and its second call was a hit"

  # A mistake fails the build: a field naming a parameter the method does not have is a compile error on the
  # method (kompress-aspect's annotation processor), not a first-call failure in production.
  sed -i 's/field = "#id"/field = "#userId"/' src/main/java/com/example/UserService.java
  local mistake
  if mistake=$(mvn -B -q package 2>&1); then
    echo "readme-recipe ($name): a @HashCached field naming an unknown parameter compiled" >&2; exit 1
  fi
  echo "$mistake" | grep -m1 "UserService.find(long): field expression '#userId' refers to unknown parameter" || {
    echo "$mistake"; echo "readme-recipe ($name): the build failed, but not with the processor's error" >&2; exit 1; }
  echo "readme-recipe ($name): with field = \"#userId\" the build failed, naming the method and the parameter"
  cd "$work"
}

recipe compile-time README.md "## Your first hour"
recipe load-time docs/guides/WEAVING.md "## Load-time weaving"
