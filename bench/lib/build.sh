# shellcheck shell=bash
# Builds the demo app and the bench module when their sources are newer than the last build.
# Sourced from the repository root by run.sh and jmh.sh.

build_if_stale() {
  local stamp
  for stamp in bench/target/classpath.txt demo-app/target/classpath.txt; do
    if [ ! -f "$stamp" ] || [ pom.xml -nt "$stamp" ] \
      || [ -n "$(find framework/src framework/pom.xml maven-plugin/src demo-app/src demo-app/pom.xml bench/src bench/pom.xml \
        -newer "$stamp" -print -quit 2>/dev/null)" ]; then
      echo "bench: building"
      mvn -B -q -DskipTests -Dspotless.check.skip=true -Dmaven.javadoc.skip=true \
        -Dmaven.source.skip=true -pl demo-app,bench -am package
      return
    fi
  done
}
