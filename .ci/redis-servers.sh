#!/usr/bin/env bash
# Fetches the newer servers the CI matrix runs on, from Debian's own packages, without touching the system:
#   redis-8.0   redis-tools from Debian 13 (trixie); its redis-check-rdb binary is the server
#   valkey-9.1  valkey-tools from Debian's next release (forky); valkey-check-rdb is the server
# Each lands unpacked with Debian 13's libc/libstdc++/libssl under $KOMPRESS_SERVERS_DIR (default
# ~/.cache/kompress-servers), with a launcher NAME/redis-server that the test harness takes as
# KOMPRESS_REDIS_SERVER. Downloads are cached: a second run only checks that the launchers answer.
# Usage: .ci/redis-servers.sh          prints "name=/path/to/launcher" per server that works
set -euo pipefail
DIR="${KOMPRESS_SERVERS_DIR:-$HOME/.cache/kompress-servers}"
MIRROR="${KOMPRESS_DEBIAN_MIRROR:-$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
LIBS="libc6 libstdc++6 libgcc-s1 libssl3t64"
mkdir -p "$DIR"

# fetch NAME SUITE PACKAGE BINARY: downloads PACKAGE (+ libs) from SUITE, unpacks it, writes the launcher.
fetch() {
  local name=$1 suite=$2 package=$3 binary=$4
  local root="$DIR/$name" apt="$DIR/apt-$suite"
  if [ ! -x "$root/redis-server" ]; then
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/debs"
    echo "deb $MIRROR $suite main" > "$apt/sources.list"
    local opts=(-o Dir::Etc::sourcelist="$apt/sources.list" -o Dir::Etc::sourceparts=- -o Dir::State::Lists="$apt/lists"
      -o Dir::Cache="$apt/cache" -o APT::Get::List-Cleanup=0 -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
    apt-get "${opts[@]}" -qq update >&2
    (cd "$apt/debs" && apt-get "${opts[@]}" -qq download "$package" $LIBS >&2)
    rm -rf "$root.tmp" && mkdir -p "$root.tmp"
    for deb in "$apt"/debs/*.deb; do
      case "$(basename "$deb")" in
        ${package}_*|libc6_*|libstdc++6_*|libgcc-s1_*|libssl3t64_*) dpkg-deb -x "$deb" "$root.tmp" ;;
      esac
    done
    cat > "$root.tmp/redis-server" <<LAUNCHER
#!/bin/sh
# $package from Debian $suite, run with its own C library; argv0 picks the server mode.
R="$root"
exec "\$R/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "\$R/usr/lib/x86_64-linux-gnu:\$R/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu" --argv0 redis-server "\$R/usr/bin/$binary" "\$@"
LAUNCHER
    chmod +x "$root.tmp/redis-server"
    rm -rf "$root" && mv "$root.tmp" "$root"
    rm -rf "$apt/debs"
  fi
  if "$root/redis-server" --version >/dev/null 2>&1; then
    echo "$name=$root/redis-server"
  else
    echo "redis-servers: $name does not start: $("$root/redis-server" --version 2>&1 | head -1)" >&2
  fi
}

fetch redis-8.0 trixie redis-tools redis-check-rdb || echo "redis-servers: could not fetch redis-8.0" >&2
fetch valkey-9.1 forky valkey-tools valkey-check-rdb || echo "redis-servers: could not fetch valkey-9.1" >&2
