#!/usr/bin/env bash
# @NAME@: the production server of this Carafe app, and the app's commands. Written by
# `mvn package` (carafe-maven-plugin); runs from wherever this folder is unpacked, with no Maven.
#
# Serve (on 127.0.0.1:8000 unless told otherwise):
#   bin/@NAME@ [GLOBAL...] [--workers N] [--threads N|virtual] [--bind HOST:PORT|unix:PATH]
#              [--pid FILE] [--with-nginx [--nginx-bind HOST:PORT]] [more serve options]
# Run one of the app's commands (routes, config, init-db, its own) with production settings:
#   bin/@NAME@ [GLOBAL...] COMMAND [ARGS...]
# List the commands: bin/@NAME@ --help
# GLOBAL: --app CLASS, --config FILE, -D key=value (also --set key=value)
#
# The master supervises worker processes; signal it (its pid is in --pid FILE): HUP rolling reload
# (also picks up a rebuilt lib/), TERM graceful stop, INT fast stop, TTIN/TTOU one worker
# more/less; QUIT is the JVM's thread dump. Every option is also a CARAFE_* variable and a
# carafe.properties key. Relative paths (--pid, --config, --bind unix:PATH) are the caller's: this
# script never changes folder.
# CARAFE_JAVA names the java to run on.
set -euo pipefail

# The home is this script's folder's parent, wherever it is called from. Links to the script are
# followed; a link to the home folder is kept as given, so a deploy that points /opt/app at a new
# release folder is picked up by the next HUP (the master lists $home/lib again).
script="$0"
while [ -L "$script" ]; do
  link="$(readlink "$script")"
  case "$link" in
    /*) script="$link" ;;
    *) script="$(dirname "$script")/$link" ;;
  esac
done
home="$(cd "$(dirname "$script")/.." && pwd)"

@PICK_JAVA@

@APP_LINE@
# The server and the app's commands run with production settings unless CARAFE_MODE says otherwise.
export CARAFE_MODE="${CARAFE_MODE:-production}"

# Leading global options stay in front of the command; without a command, the server starts.
# --help and --version alone are Carafe's own: they list the commands and the version.
globals=()
while [ $# -gt 0 ]; do
  case "$1" in
    --app | --config | -D | --set)
      if [ $# -lt 2 ]; then
        echo "@NAME@: $1 needs a value" >&2
        exit 2
      fi
      globals+=("$1" "$2")
      shift 2
      ;;
    --app=* | --config=* | --set=* | -D?*)
      globals+=("$1")
      shift
      ;;
    *) break ;;
  esac
done
case "${1:-}" in
  -h | --help | -V | --version) ;;
  "" | -*) set -- serve "$@" ;;
esac

command=("$(pick_java)" @MASTER_FLAGS@ "-Dcarafe.home=$home" "-Dcarafe.lib=$home/lib"
  -cp "$home/lib/*" dev.carafe.cli.Main ${globals[@]+"${globals[@]}"} "$@")

bind="${CARAFE_BIND:-}"
if [ "$1" = serve ]; then
  previous=""
  for arg in "$@"; do
    case "$arg" in
      --bind=*) bind="${arg#--bind=}" ;;
      *) if [ "$previous" = --bind ]; then bind="$arg"; fi ;;
    esac
    previous="$arg"
  done
fi
if [ "$1" = serve ] && [[ "$bind" == unix:* ]]; then
  # Unix sockets have no SO_REUSEPORT: open one listening socket here and hand it to the master
  # as standard input; every worker inherits and accepts on it (systemd socket activation works
  # the same way). Permissions follow Gunicorn: any local user may connect; restrict the folder.
  socket="${bind#unix:}"
  mkdir -p "$(dirname "$socket")"
  exec perl -MIO::Socket::UNIX -e '
    my $path = shift;
    if (-S $path) {
      die "@NAME@: $path is in use by a running server\n"
        if IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $path);
      unlink $path;
    }
    my $server = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $path, Listen => 1024)
      or die "@NAME@: cannot listen on $path: $!\n";
    chmod 0666, $path;
    open(STDIN, "<&=", fileno($server)) or die "@NAME@: $!\n";
    exec { $ARGV[0] } @ARGV or die "@NAME@: cannot run $ARGV[0]: $!\n";
  ' "$socket" "${command[@]}"
fi
exec "${command[@]}"
