#!/usr/bin/env bash
# Production server for the demo app: the demo's packaged launcher
# (demo-app/target/carafe-demo/bin/carafe-demo, what `mvn package` writes for any Carafe app),
# built first when it is missing or older than the sources. The master supervises worker JVMs on
# 127.0.0.1:8000. Signals go to the master (its pid is in --pid FILE): HUP rolling reload (also
# picks up a rebuilt package), TERM graceful stop, INT fast stop, TTIN/TTOU one worker more/less;
# QUIT is the JVM's thread dump. Works from any folder; relative paths are the caller's.
#
#   ./run-prod.sh [--workers N] [--threads N|virtual] [--bind HOST:PORT|unix:PATH] [--pid FILE]
#                 [--with-nginx [--nginx-bind HOST:PORT]] [--timeout S] [--request-timeout S]
#                 [--graceful-timeout S] [--max-requests N] [--max-requests-jitter N]
#                 [--forwarded-allow-ips LIST] [--config FILE] [-D key=value ...]
#   ./run-prod.sh COMMAND [ARGS]     routes, config, init-db, db-migrate or another of the app's
#                                    commands (serving, the demo's database is migrated first)
#   ./run-prod.sh --app CLASS ...    another app, on Carafe's own launcher: its jars come from
#                                    CARAFE_CLASSPATH, never with the demo's
#
# Every flag is also a CARAFE_* variable (CARAFE_WORKERS=4) and a carafe.properties key.
# Guide: docs/guides/deployment.md.
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"

launcher="$repo/demo-app/target/carafe-demo/bin/carafe-demo"
if [ -n "${CARAFE_APP:-}" ] && [ "$CARAFE_APP" != com.example.blog.App ]; then
  launcher="$repo/framework/target/carafe/bin/carafe"
fi
for arg in "$@"; do
  case "$arg" in
    --app|--app=*) launcher="$repo/framework/target/carafe/bin/carafe" ;;
  esac
done

# The package is rebuilt when a source or build file is newer than its launcher. Its AOT cache is
# left to the server, which records it once the workers serve.
if [ ! -x "$launcher" ] || [ -n "$(find "$repo/framework/src/main" "$repo/demo-app/src/main" \
  "$repo/database/src/main" "$repo/maven-plugin/src/main" "$repo/pom.xml" \
  "$repo/framework/pom.xml" "$repo/database/pom.xml" "$repo/demo-app/pom.xml" \
  -newer "$launcher" -print -quit)" ]; then
  echo "Building the package (first run or sources changed)..." >&2
  mvn -B -q -f "$repo/pom.xml" -DskipTests -Dspotless.check.skip=true -Dmaven.javadoc.skip=true \
    -Dmaven.source.skip=true -Dcarafe.aot=false -pl demo-app -am package
fi

# Serving the demo, its database is migrated first, as a deploy does (the packaged systemd unit's
# ExecStartPre): workers never migrate. The settings given here (--config, -D) count for it too.
if [ "$launcher" = "$repo/demo-app/target/carafe-demo/bin/carafe-demo" ]; then
  settings=()
  command=""
  previous=""
  for arg in "$@"; do
    case "$previous" in
      --config | -D | --set) settings+=("$previous" "$arg") ;;
      --app | --workers | --threads | --bind | --pid | --nginx-bind | --timeout | \
        --request-timeout | --graceful-timeout | --max-requests | --max-requests-jitter | \
        --forwarded-allow-ips) ;;
      *)
        case "$arg" in
          --config=* | --set=* | -D?*) settings+=("$arg") ;;
          -*) ;;
          *) if [ -z "$command" ]; then command="$arg"; fi ;;
        esac
        ;;
    esac
    previous="$arg"
  done
  case "${1:-}" in -h | --help | -V | --version) command=help ;; esac
  if [ -z "$command" ]; then
    "$launcher" ${settings[@]+"${settings[@]}"} db-migrate
  fi
fi
exec "$launcher" "$@"
