#!/usr/bin/env bash
# Production server for the demo app (or any Carafe app with --app): builds the jars when they
# are missing or older than the sources, then runs the master, which supervises worker JVMs on
# 127.0.0.1:8000. Signals go to the master (its pid is in --pid FILE): HUP rolling reload (also
# picks up rebuilt jars), TERM graceful stop, INT/QUIT fast stop, TTIN/TTOU one worker more/less.
#
#   ./run-prod.sh [--app CLASS] [--workers N] [--threads N|virtual] [--bind HOST:PORT|unix:PATH]
#                 [--pid FILE] [--timeout S] [--request-timeout S] [--graceful-timeout S]
#                 [--max-requests N] [--max-requests-jitter N] [--forwarded-allow-ips LIST]
#                 [--with-nginx] [-D key=value ...]
#
# Every flag is also a CARAFE_* variable (CARAFE_WORKERS=4) and a carafe.properties key.
# CARAFE_CLASSPATH adds entries to the workers' class path (an app outside demo-app);
# CARAFE_JAVA names the java to use instead of the newest JDK found under /usr/lib/jvm.
# Guide: docs/guides/deployment.md.
set -euo pipefail
cd "$(dirname "$0")"

app="${CARAFE_APP:-com.example.blog.App}"
bind="${CARAFE_BIND:-}"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --app) app="$2"; shift 2 ;;
    --app=*) app="${1#*=}"; shift ;;
    --bind) bind="$2"; args+=("$1" "$2"); shift 2 ;;
    --bind=*) bind="${1#*=}"; args+=("$1"); shift ;;
    *) args+=("$1"); shift ;;
  esac
done

# The newest JDK 21+ under /usr/lib/jvm (virtual threads, a faster JIT), else `java`.
pick_java() {
  local best="" best_version=0 home version
  for home in /usr/lib/jvm/*/; do
    if [ ! -x "${home}bin/java" ] || [ ! -f "${home}release" ]; then continue; fi
    version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "${home}release")"
    if [ -n "$version" ] && [ "$version" -gt "$best_version" ]; then
      best="${home}bin/java"
      best_version="$version"
    fi
  done
  if [ "$best_version" -ge 21 ]; then echo "$best"; else echo java; fi
}
java_cmd="${CARAFE_JAVA:-$(pick_java)}"

classpath_file=demo-app/target/classpath.txt
module_jar() {
  find "$1/target" -maxdepth 1 -name "$2-*.jar" ! -name '*-sources.jar' ! -name '*-tests.jar' 2>/dev/null | head -n 1
}
# A module needs a build when its jar is missing or older than its main sources.
stale() {
  local module jar
  [ -f "$classpath_file" ] || return 0
  for module in framework:carafe demo-app:carafe-demo; do
    jar="$(module_jar "${module%%:*}" "${module#*:}")"
    [ -n "$jar" ] || return 0
    [ -z "$(find "${module%%:*}/src/main" -newer "$jar" -print -quit 2>/dev/null)" ] || return 0
  done
  return 1
}
if stale; then
  echo "Building the jars (first run or sources changed)..."
  mvn -B -q -DskipTests -Dspotless.check.skip=true -pl demo-app -am package
fi
app_jar="$(module_jar demo-app carafe-demo)"

# Jars, not class folders: a HUP starts new workers on copies of whatever the jars hold then.
command=("$java_cmd" -XX:+UseSerialGC -Xms16m -Xmx64m -XX:TieredStopAtLevel=1 -Dcarafe.mode=production
  -cp "$app_jar:$(cat "$classpath_file")" dev.carafe.cli.Main --app "$app" serve "${args[@]}")

if [[ "$bind" == unix:* ]]; then
  # Unix sockets have no SO_REUSEPORT: open one listening socket here and hand it to the master
  # as standard input; every worker inherits and accepts on it (systemd socket activation works
  # the same way). Permissions follow Gunicorn: any local user may connect; restrict the folder.
  socket="${bind#unix:}"
  mkdir -p "$(dirname "$socket")"
  exec perl -MIO::Socket::UNIX -e '
    my $path = shift;
    if (-S $path) {
      die "run-prod.sh: $path is in use by a running server\n"
        if IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $path);
      unlink $path;
    }
    my $server = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $path, Listen => 1024)
      or die "run-prod.sh: cannot listen on $path: $!\n";
    chmod 0666, $path;
    open(STDIN, "<&=", fileno($server)) or die "run-prod.sh: $!\n";
    exec { $ARGV[0] } @ARGV or die "run-prod.sh: cannot run $ARGV[0]: $!\n";
  ' "$socket" "${command[@]}"
fi
exec "${command[@]}"
