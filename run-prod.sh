#!/usr/bin/env bash
# Production server for the demo app (or any Carafe app with --app): a master process that
# supervises worker JVMs sharing 127.0.0.1:8000. Builds the app when needed.
#
#   ./run-prod.sh [--app CLASS] [--workers N] [--threads N|virtual] [--bind HOST:PORT|unix:PATH]
#                 [--pid FILE] [--timeout S] [--request-timeout S] [--graceful-timeout S]
#                 [--max-requests N] [--max-requests-jitter N] [--forwarded-allow-ips LIST]
#                 [--with-nginx]
#
# Every flag is also a config key (carafe.properties) and a CARAFE_* variable. Signals to the
# master (its pid is in --pid FILE): HUP rolling reload, TERM graceful stop, INT fast stop,
# TTIN/TTOU one worker more/fewer. QUIT to this script stops fast too (the JVM keeps QUIT for
# thread dumps). CARAFE_CLASSPATH adds class path entries for an app of your own.
# Guide: docs/guides/deployment.md
set -euo pipefail
cd "$(dirname "$0")"

app="dev.carafe.demo.DemoApp"
with_nginx=false
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --app) app="$2"; shift 2 ;;
    --with-nginx) with_nginx=true; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

# The newest JDK (21+ brings virtual threads and faster warm-up), else the default java.
java_bin=java
for home in /usr/lib/jvm/*; do
  if [ -x "$home/bin/java" ]; then
    version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')
    best=${best_version:-0}
    if [ "${version:-0}" -ge 21 ] 2>/dev/null && [ "$version" -gt "$best" ]; then
      best_version=$version
      java_bin="$home/bin/java"
    fi
  fi
done

app_jar=(demo-app/target/carafe-demo-*.jar)
classpath_file=demo-app/target/classpath.txt
if [ ! -f "$classpath_file" ] || [ ! -f "${app_jar[0]}" ] || [ pom.xml -nt "$classpath_file" ] \
  || [ -n "$(find framework/src demo-app/src -newer "$classpath_file" -print -quit 2>/dev/null)" ]; then
  echo "Building the app (first run or sources changed)..."
  mvn -B -q -DskipTests -Dspotless.check.skip=true -Dmaven.javadoc.skip=true -pl demo-app -am package
  app_jar=(demo-app/target/carafe-demo-*.jar)
fi
classpath="${app_jar[0]}:$(cat "$classpath_file")${CARAFE_CLASSPATH:+:$CARAFE_CLASSPATH}"

nginx_conf="$PWD/nginx.conf"
if $with_nginx; then
  mkdir -p run
  nginx -p "$PWD/" -c "$nginx_conf" -t -q
  nginx -p "$PWD/" -c "$nginx_conf"
  echo "nginx is serving on http://127.0.0.1:8080/ in front of the app"
fi

"$java_bin" -XX:+UseSerialGC -Xmx64m --enable-native-access=ALL-UNNAMED -Dcarafe.mode=production -cp "$classpath" dev.carafe.cli.Main --app "$app" serve "${args[@]}" &
master=$!

stop_nginx() {
  if $with_nginx; then
    nginx -p "$PWD/" -c "$nginx_conf" -s quit 2>/dev/null || true
  fi
}
forward() {
  kill -"$1" "$master" 2>/dev/null || true
}
# Stopping this script stops both tiers; the master dying alone leaves nginx up, answering with
# its "back in a moment" page until the app returns.
trap 'forward TERM; stop_nginx' TERM
trap 'forward INT; stop_nginx' INT
trap 'forward INT; stop_nginx' QUIT
trap 'forward HUP' HUP
trap 'forward TTIN' TTIN
trap 'forward TTOU' TTOU

status=0
while kill -0 "$master" 2>/dev/null; do
  wait "$master" && status=0 || status=$?
done
exit "$status"
