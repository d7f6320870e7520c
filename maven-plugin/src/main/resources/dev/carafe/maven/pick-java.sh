# shellcheck shell=bash
# Which java runs Carafe: $CARAFE_JAVA, else $JAVA_HOME/bin/java, else the newest JDK 21+ under
# /usr/lib/jvm (virtual threads, a faster JIT, and from 25 on the AOT cache), else `java` on PATH.
# One copy for every script: the Maven plugin inlines this file into each packaged launcher, and
# the repository's scripts source it. CARAFE_JVM_ROOT stands in for /usr/lib/jvm in tests.
pick_java() {
  if [ -n "${CARAFE_JAVA:-}" ]; then
    echo "$CARAFE_JAVA"
    return
  fi
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    echo "$JAVA_HOME/bin/java"
    return
  fi
  local best="" best_version=0 home version
  for home in "${CARAFE_JVM_ROOT:-/usr/lib/jvm}"/*/; do
    if [ ! -x "${home}bin/java" ] || [ ! -f "${home}release" ]; then continue; fi
    version="$(java_version "${home}bin/java")"
    if [ -n "$version" ] && [ "$version" -gt "$best_version" ]; then
      best="${home}bin/java"
      best_version="$version"
    fi
  done
  if [ "$best_version" -ge 21 ]; then echo "$best"; else echo java; fi
}

# The feature version of java $1 (25 for 25.0.3) from its JDK's release file; empty when unknown.
java_version() {
  local home
  home="$(dirname "$(dirname "$(readlink -f "$(command -v "$1")")")")"
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null || true
}
