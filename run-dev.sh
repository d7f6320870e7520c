#!/usr/bin/env bash
# Development server: serves the demo app (or your own: --project DIR --app CLASS) on
# 127.0.0.1:5000, recompiling and reloading it on every save. Not for production: use
# ./run-prod.sh there.
#
#   ./run-dev.sh [--port N] [--host H] [--threads N] [--app CLASS] [--project DIR]
#                [--classpath JARS] [--config FILE]
#
# JAVA_OPTS reaches the JVM, e.g. JAVA_OPTS=-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=5005
set -euo pipefail
cd "$(dirname "$0")"

app="com.example.blog.App"
project="demo-app"
main_args=()
run_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --app) app="$2"; shift 2 ;;
    --project) project="$2"; shift 2 ;;
    --config|-D|--set) main_args+=("$1" "$2"); shift 2 ;;
    *) run_args+=("$1"); shift ;;
  esac
done

# The app's own sources are compiled by the server itself; only Carafe and the build files need
# Maven.
# Maven rewrites neither the jar nor classpath.txt when nothing changed, so a stamp records the
# last build this script ran; a build by hand (or by `mvn verify`) counts through the jar.
classpath_file=demo-app/target/classpath.txt
stamp=demo-app/target/run-dev.stamp
framework_jar=""
if [ -f "$classpath_file" ]; then
  framework_jar="$(tr ':' '\n' <"$classpath_file" | grep -m1 '/framework/target/' || true)"
fi
needs_build=no
if [ -z "$framework_jar" ] || [ ! -f "$framework_jar" ]; then
  needs_build=yes
else
  newer=(-newer "$framework_jar")
  if [ -f "$stamp" ]; then
    newer+=(-newer "$stamp")
  fi
  if [ -n "$(find framework/src pom.xml framework/pom.xml demo-app/pom.xml "${newer[@]}" -print -quit)" ]; then
    needs_build=yes
  fi
fi
if [ "$needs_build" = yes ]; then
  echo "Building Carafe (first run or framework changed)..."
  mvn -B -q -DskipTests -Dspotless.check.skip=true -pl demo-app -am package
  touch "$stamp"
  framework_jar="$(tr ':' '\n' <"$classpath_file" | grep -m1 '/framework/target/')"
fi
classpath="$(cat "$classpath_file")"

# A class-data archive of what every start loads (the JDK's compiler, Jetty, Javalin, Carafe)
# makes starts about twice as fast. One training start records it after each build; the JVM
# ignores an archive that no longer matches, and a failed training only costs the speed-up.
archive=demo-app/target/run-dev.jsa
java_bin="$(readlink -f "$(command -v java)")"
if [ ! -f "$archive" ] || [ "$stamp" -nt "$archive" ] || [ "$framework_jar" -nt "$archive" ] \
  || [ "$java_bin" -nt "$archive" ]; then
  echo "Preparing fast starts (once per build)..."
  rm -f "$archive" "$archive.tmp"
  if java -XX:ArchiveClassesAtExit="$archive.tmp" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -cp "$classpath" dev.carafe.cli.Main --app com.example.blog.App \
    run --project demo-app --port 0 --exit-when-ready >/dev/null 2>&1; then
    mv "$archive.tmp" "$archive"
  else
    rm -f "$archive.tmp"
  fi
fi

java_opts=()
if [ -n "${JAVA_OPTS:-}" ]; then
  read -r -a java_opts <<<"$JAVA_OPTS"
fi

exec java -XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off "${java_opts[@]}" \
  -cp "$classpath" dev.carafe.cli.Main \
  --app "$app" "${main_args[@]}" run --project "$project" "${run_args[@]}"
