#!/usr/bin/env bash
# Benchmark: how fast a save shows up, Carafe's dev server against Flask's.
#
#   bench/dev-reload.sh [EDITS]    (default 20)
#
# Prints, for each server, the time from launch to first response and the save -> new response
# latency (median, p95, max) over EDITS saves of the /api/hello message, plus every request that
# failed meanwhile. Flask is Debian's python3-flask (apt-get install -y python3-flask); without it
# only Carafe is measured.
set -euo pipefail
cd "$(dirname "$0")/.."

edits="${1:-20}"

# Build once up front so Carafe's start time does not include Maven.
mvn -B -q -DskipTests -Dspotless.check.skip=true -Dmaven.javadoc.skip=true \
  -Dmaven.source.skip=true -pl demo-app -am package
touch demo-app/target/run-dev.stamp

python=""
for candidate in /usr/bin/python3 python3; do
  if "$candidate" -c "import flask" >/dev/null 2>&1; then
    python="$candidate"
    break
  fi
done
if [ -z "$python" ]; then
  echo "Flask not found: apt-get install -y python3-flask to compare. Measuring Carafe only."
fi

exec java bench/dev-reload/DevReloadBench.java "$PWD" "$edits" "$python"
