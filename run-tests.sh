#!/usr/bin/env bash
# Runs every test Carafe has: installs what the tests drive when it is missing (nginx, Chromium,
# wrk, shellcheck, PostgreSQL, Flask with Gunicorn and uWSGI for the benchmark's smoke run and the
# Flask comparison, ...: Debian packages, as root or through sudo), then `mvn -B verify`. Works from
# any folder; arguments go to Maven (e.g. ./run-tests.sh -DskipITs).
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }

# command:packages; the packages are installed when the command is missing.
needs=(nginx:nginx chromium:chromium wrk:wrk curl:curl python3:python3 openssl:openssl
  ip:iproute2 perl:perl shellcheck:shellcheck systemd-analyze:systemd
  "gunicorn:gunicorn uwsgi uwsgi-plugin-python3 python3-flask")
missing=()
for pair in "${needs[@]}"; do
  if ! have "${pair%%:*}"; then
    read -r -a packages <<<"${pair#*:}"
    missing+=("${packages[@]}")
  fi
done
# FlaskParityIT runs Flask 2.2 under Gunicorn with Debian's own Python, whatever else is on PATH.
if ! /usr/bin/python3 -c 'import flask, gunicorn' >/dev/null 2>&1; then
  missing+=(python3-flask python3-gunicorn)
fi
# The PostgreSQL tests start a server of their own from Debian's binaries, which are not on PATH.
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  missing+=(postgresql)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "run-tests.sh: installing what the tests need: ${missing[*]}"
  if ! have apt-get; then
    echo "run-tests.sh: no apt-get here; install these packages, then run again: ${missing[*]}" >&2
    exit 1
  fi
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! have sudo; then
      echo "run-tests.sh: run as root (or install sudo) to install: ${missing[*]}" >&2
      exit 1
    fi
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q "${missing[@]}"
fi

cd "$repo"
exec mvn -B verify "$@"
