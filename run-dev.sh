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

app="dev.carafe.demo.DemoApp"
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
classpath_file=demo-app/target/classpath.txt
if [ ! -f "$classpath_file" ] || [ pom.xml -nt "$classpath_file" ] \
  || [ framework/pom.xml -nt "$classpath_file" ] || [ demo-app/pom.xml -nt "$classpath_file" ] \
  || [ -n "$(find framework/src -newer "$classpath_file" -print -quit 2>/dev/null)" ]; then
  echo "Building Carafe (first run or framework changed)..."
  mvn -B -q -DskipTests -Dspotless.check.skip=true -pl demo-app -am package
fi

java_opts=()
if [ -n "${JAVA_OPTS:-}" ]; then
  read -r -a java_opts <<<"$JAVA_OPTS"
fi

exec java "${java_opts[@]}" -cp "$(cat "$classpath_file")" dev.carafe.cli.Main \
  --app "$app" "${main_args[@]}" run --project "$project" "${run_args[@]}"
