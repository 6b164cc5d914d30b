#!/usr/bin/env bash
# The README's "Add the dependencies and weave at compile time" recipe, built as a new user would: the XML block is
# taken from README.md itself (so the two cannot drift), put in a fresh project with a model, a @HashCached
# service and a main, built with plain `mvn package` against the locally installed artifacts (run
# `mvn install -DskipTests` first), and run against a redis-server started here on a free loopback port.
# The second call must be a hit: the service's body runs once.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
redis_pid=""
cleanup() { [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

python3 - "$repo/README.md" "$work/pom.xml" <<'PY'
import re, sys
readme = open(sys.argv[1], encoding="utf-8").read()
section = readme.split("### 1. Add the dependencies", 1)[1]
xml = re.search(r"```xml\n(.*?)```", section, re.S).group(1)
deps = re.search(r"<dependencies>(.*?)</dependencies>", xml.split("<build>")[0], re.S).group(1)
build = re.search(r"<build>.*</build>", xml, re.S).group(0)
pom = f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>readme-recipe</artifactId>
  <version>1.0</version>
  <properties><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <dependencies>{deps}
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>2.0.17</version></dependency>
  </dependencies>
  {build}
</project>
"""
open(sys.argv[2], "w", encoding="utf-8").write(pom)
PY

mkdir -p "$work/src/main/java/com/example"
cat > "$work/src/main/java/com/example/User.java" <<'JAVA'
package com.example;

import jakarta.validation.constraints.NotBlank;

public record User(long id, @NotBlank String name) {
}
JAVA
cat > "$work/src/main/java/com/example/UserService.java" <<'JAVA'
package com.example;

import io.kompress.annotations.HashCached;
import java.util.concurrent.atomic.AtomicInteger;

public class UserService {
    final AtomicInteger runs = new AtomicInteger();

    @HashCached(key = "recipe:users", field = "#id", model = User.class)
    public User find(long id) {
        runs.incrementAndGet();
        return new User(id, "user-" + id);
    }
}
JAVA
cat > "$work/src/main/java/com/example/Main.java" <<'JAVA'
package com.example;

import io.kompress.cache.KompressCache;

public class Main {
    public static void main(String[] args) {
        UserService service = new UserService();
        KompressCache.get().hdel("recipe:users", "42");
        User first = service.find(42);
        User second = service.find(42);
        System.out.println("first=" + first + " second=" + second + " runs=" + service.runs.get());
        KompressCache.get().hdel("recipe:users", "42");
        System.exit(first.equals(second) && service.runs.get() == 1 ? 0 : 1);
    }
}
JAVA

cd "$work"
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.outputFile=cp.txt

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no > redis.log 2>&1 &
redis_pid=$!
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
out=$(REDIS_HOST=127.0.0.1 REDIS_PORT="$port" java -cp "target/classes:$(cat cp.txt)" com.example.Main 2>&1) || {
  echo "$out"; echo "readme-recipe: the consumer built from README.md did not get a hit on its second call" >&2; exit 1; }
echo "$out" | grep 'runs='
echo "readme-recipe: a fresh project built from README.md's recipe compiled, weaved, and its second call was a hit"

# A mistake fails the build: an expression naming a parameter the method does not have is a compile error on the
# method (kompress-aspect's annotation processor, run by ajc), not a first-call failure in production.
sed -i 's/field = "#id"/field = "#userId"/' src/main/java/com/example/UserService.java
if mistake=$(mvn -B -q package -DskipTests 2>&1); then
  echo "readme-recipe: a @HashCached field naming an unknown parameter compiled" >&2; exit 1
fi
echo "$mistake" | grep -q "UserService.java.*refers to unknown parameter #userId; parameters are \[id\]" || {
  echo "$mistake"; echo "readme-recipe: the build failed, but not with the processor's error on the method" >&2
  exit 1; }
echo "$mistake" | grep -m1 "refers to"
echo "readme-recipe: the same project with field = \"#userId\" failed to compile, naming the method and parameter"
