#!/usr/bin/env bash
# The release path without keys or network: `mvn deploy -Prelease -Dgpg.skip` into a file repository (which also
# installs into ~/.m2 for the README recipe), then checks what a public repository would receive: exactly the
# published modules, each with sources and Javadoc jars, POM metadata (name, description, url, MIT licence, scm,
# developers), the BOM, and jars that are byte-for-byte the same when built again (reproducible builds).
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
repo="$work/repo"

mvn -B -q deploy -DskipTests -Prelease -Dgpg.skip -DaltDeploymentRepository="ci::file://$repo"

version=$(sed -n "s:^  <version>\(.*\)</version>:\1:p" pom.xml | head -1)
base="$repo/io/kompress"
published=$(find "$base" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | tr '\n' ' ')
expected="kompress-annotations kompress-aspect kompress-bom kompress-core kompress-parent kompress-spring kompress-spring-boot-starter "
[ "$published" = "$expected" ] || { echo "publication: published [$published], expected [$expected]" >&2; exit 1; }

newest() { # newest file of a module ending in $2 (snapshots get a timestamped name)
  find "$base/$1/$version" -name "*$2" ! -name '*.md5' ! -name '*.sha1' | sort | tail -1
}
for m in kompress-annotations kompress-core kompress-aspect kompress-spring kompress-spring-boot-starter; do
  jar=$(newest "$m" "[0-9].jar"); sources=$(newest "$m" "-sources.jar"); javadoc=$(newest "$m" "-javadoc.jar")
  [ -s "$jar" ] && [ -s "$sources" ] && [ -s "$javadoc" ] || { echo "publication: $m lacks a jar, sources or javadoc" >&2; exit 1; }
  entries=$(unzip -Z1 "$javadoc")
  grep -qx 'index.html' <<< "$entries" || { echo "publication: $m's javadoc jar has no index.html" >&2; exit 1; }
  if [ "$m" = kompress-core ] && grep -q '/internal/' <<< "$entries"; then
    echo "publication: kompress-core's javadoc documents internal packages" >&2; exit 1
  fi
  pom=$(newest "$m" ".pom")
  grep -q "<name>" "$pom" && grep -q "<description>" "$pom" || { echo "publication: $m's POM lacks name/description" >&2; exit 1; }
done
for pom in "$(newest kompress-parent .pom)" "$(newest kompress-bom .pom)"; do
  for tag in '<url>https://' '<name>MIT License</name>' '<connection>scm:git:' '<developer>' '<description>'; do
    grep -q "$tag" "$pom" || { echo "publication: $(basename "$pom") lacks $tag" >&2; exit 1; }
  done
done
for m in kompress-annotations kompress-core kompress-aspect kompress-spring kompress-spring-boot-starter; do
  grep -q "<artifactId>$m</artifactId>" "$(newest kompress-bom .pom)" || { echo "publication: the BOM lacks $m" >&2; exit 1; }
done

# Reproducible: the same sources build the same bytes.
for m in kompress-annotations kompress-core kompress-aspect kompress-spring kompress-spring-boot-starter; do
  sha256sum < "$(newest "$m" "[0-9].jar")" > "$work/$m.first"
done
mvn -B -q clean package -DskipTests -pl kompress-annotations,kompress-core,kompress-aspect,kompress-spring,kompress-spring-boot-starter
for m in kompress-annotations kompress-core kompress-aspect kompress-spring kompress-spring-boot-starter; do
  sha256sum < "$m/target/$m-$version.jar" | cmp -s - "$work/$m.first" \
    || { echo "publication: $m's jar differs when built again" >&2; exit 1; }
done
echo "publication: parent, BOM, and annotations/core/aspect/spring/starter with sources and javadoc; POM metadata present;" \
  "jars reproducible"
