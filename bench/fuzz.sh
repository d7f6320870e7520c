#!/usr/bin/env bash
# Runs Carafe's fuzz targets for real (coverage-guided, Jazzer) instead of replaying the corpus.
#   bench/fuzz.sh                                   every target, one after another, each for its maxDuration
#   bench/fuzz.sh SessionFuzzTest                   the targets of one class
#   bench/fuzz.sh builtUrlsMatchBackToTheirValues   one target
# Jazzer fuzzes one target per JVM, so each runs in its own Maven invocation. A crash is written
# next to the corpus as a crash-* file: make it a regression input by moving it into
# src/test/resources/.../<Class>Inputs/<method>/ and fix the code until the test passes.
set -euo pipefail
cd "$(dirname "$0")/.."
tests=framework/src/test/java
targets=()
while read -r file method; do
  class=$(basename "$file" .java)
  if [[ -z "${1:-}" || "$1" == "$class" || "$1" == "$method" ]]; then
    targets+=("$class#$method")
  fi
done < <(grep -rA1 --include='*FuzzTest.java' '@FuzzTest' "$tests" |
  sed -nE 's/^(.*\.java)-.*void ([A-Za-z0-9_]+)\(.*/\1 \2/p')
if [[ ${#targets[@]} -eq 0 ]]; then
  echo "No fuzz target named '${1:-}' under $tests." >&2
  exit 2
fi
for target in "${targets[@]}"; do
  echo "== fuzzing $target"
  JAZZER_FUZZ=1 mvn -B -q -pl framework -Dspotless.check.skip=true test -Dtest="$target"
done
