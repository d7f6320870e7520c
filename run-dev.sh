#!/usr/bin/env bash
# Development server for the demo app (or any Carafe app with --app): builds what it needs, then
# serves on 127.0.0.1:5000. Not for production: use ./run-prod.sh there.
set -euo pipefail
cd "$(dirname "$0")"

app="dev.carafe.demo.DemoApp"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --app) app="$2"; args+=("$1" "$2"); shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

classpath_file=demo-app/target/classpath.txt
if [ ! -f "$classpath_file" ] || [ pom.xml -nt "$classpath_file" ] || [ demo-app/pom.xml -nt "$classpath_file" ] \
  || [ -n "$(find framework/src demo-app/src -newer "$classpath_file" -print -quit 2>/dev/null)" ]; then
  echo "Building (first run or sources changed)..."
  mvn -B -q -DskipTests -Dspotless.check.skip=true -pl demo-app -am \
    package
fi

exec java -cp "demo-app/target/classes:$(cat "$classpath_file")" dev.carafe.cli.Main --app "$app" run "${args[@]}"
