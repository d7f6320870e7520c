#!/usr/bin/env bash
# Development server: serves the demo app on 127.0.0.1:5000, recompiling and reloading it on every
# save. Not for production: use ./run-prod.sh there. Works from any folder; relative paths are the
# caller's. An app of your own: `mvn carafe:dev` in its project (docs/guides/dev-mode.md).
#
#   ./run-dev.sh [--port N] [--host H] [--threads N] [--config FILE]
#                [--app CLASS --project DIR [--classpath JARS]]
#
# With --app, the server runs that app from the sources in --project (default: the current folder)
# on Carafe's own class path plus --classpath, never the demo's.
# JAVA_OPTS reaches the JVM, e.g. JAVA_OPTS=-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=5005
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
# shellcheck source=maven-plugin/src/main/resources/dev/carafe/maven/pick-java.sh
source "$repo/maven-plugin/src/main/resources/dev/carafe/maven/pick-java.sh"

demo_app="com.example.blog.App"
app="$demo_app"
project=""
classpath=""
main_args=()
run_args=()
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
while [ $# -gt 0 ]; do
  case "$1" in
    --app) app="$2"; shift 2 ;;
    --project) project="$(absolute "$2")"; shift 2 ;;
    --classpath)
      IFS=: read -r -a entries <<<"$2"
      for entry in "${entries[@]}"; do classpath="$classpath:$(absolute "$entry")"; done
      shift 2 ;;
    --config) main_args+=("$1" "$(absolute "$2")"); shift 2 ;;
    -D|--set) main_args+=("$1" "$2"); shift 2 ;;
    *) run_args+=("$1"); shift ;;
  esac
done

# Carafe (and the demo's build file) is built by Maven when it changed since the last build this
# script ran; the app's own sources are compiled by the server itself.
stamp="$repo/demo-app/target/run-dev.stamp"
if [ ! -f "$stamp" ] || [ ! -d "$repo/framework/target/carafe/lib" ] \
  || [ -n "$(find "$repo/framework/src/main" "$repo/database/src/main" "$repo/pom.xml" \
    "$repo/framework/pom.xml" "$repo/database/pom.xml" "$repo/demo-app/pom.xml" -newer "$stamp" \
    -print -quit)" ]; then
  echo "Building Carafe (first run or Carafe changed)..."
  mvn -B -q -f "$repo/pom.xml" -DskipTests -Dspotless.check.skip=true -Dmaven.javadoc.skip=true \
    -Dmaven.source.skip=true -Dcarafe.aot=false -pl demo-app -am package
  touch "$stamp"
fi

# The demo runs on its own dependencies; any other app on Carafe's (the launcher the framework
# module packages) and what --classpath adds.
if [ "$app" = "$demo_app" ]; then
  project="${project:-$repo/demo-app}"
  classpath="$(cat "$repo/demo-app/target/classpath.txt")$classpath"
else
  project="${project:-$PWD}"
  classpath="$repo/framework/target/carafe/lib/*$classpath"
fi

java_bin="$(pick_java)"
java_version="$(java_version "$java_bin")"
# A quiet server collects every 10 s, so what a burst took goes back to the OS. C1 alone: C2's
# compiler threads compete with javac for the CPU, and saves and starts measured faster without
# them (docs/performance.md); JAVA_OPTS=-XX:TieredStopAtLevel=4 brings C2 back.
# The exports let the server's compiler keep javac's context from save to save, so the JDK's and
# the libraries' classes are read once (docs/performance.md); without them it starts a fresh one.
java_opts=(-Xlog:cds=off -Xlog:cds+dynamic=off --enable-native-access=ALL-UNNAMED
  -XX:G1PeriodicGCInterval=10000 -XX:TieredStopAtLevel=1
  --add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.code=ALL-UNNAMED)
if [ "${java_version:-0}" -ge 19 ]; then
  # A class-data archive of what every start loads (the JDK's compiler, Jetty, Javalin, Carafe)
  # makes starts about twice as fast; the JVM rewrites it whenever the class path changes.
  mkdir -p "$project/target/carafe"
  java_opts+=(-XX:+AutoCreateSharedArchive
    "-XX:SharedArchiveFile=$project/target/carafe/dev-$java_version.jsa")
fi
if [ -n "${JAVA_OPTS:-}" ]; then
  read -r -a extra <<<"$JAVA_OPTS"
  java_opts+=("${extra[@]}")
fi

cd "$project"
exec "$java_bin" "${java_opts[@]}" -cp "$classpath" dev.carafe.cli.Main \
  --app "$app" "${main_args[@]}" run --project "$project" "${run_args[@]}"
