#!/usr/bin/env bash
# Runs Carafe's fuzz targets for real (coverage-guided, Jazzer) instead of replaying the corpus.
#   bench/fuzz.sh                      every target in RoutingFuzzTest, each for its maxDuration
#   bench/fuzz.sh builtUrlsMatchBackToTheirValues
# A crash is written next to the corpus as a crash-* file: make it a regression input by moving it
# into src/test/resources/.../<Class>Inputs/<method>/ and fix the code until the test passes.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-}"
test_filter="RoutingFuzzTest${target:+#$target}"
JAZZER_FUZZ=1 mvn -B -pl framework -Dspotless.check.skip=true test -Dtest="$test_filter"
