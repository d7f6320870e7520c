# shellcheck shell=bash disable=SC2034,SC2154
# The subjects bench/run.sh measures: how each backend is started, and when it cannot be.
# Sourced by run.sh, from the repository root; uses its variables java, bench_cp, server_cores,
# out and the port tables.

# The app servers, in table order. Each is also measured behind nginx as "<name>+nginx".
backends=(carafe javalin servlet jetty gunicorn uwsgi)

# Python that the Flask subjects run on: the interpreter of the gunicorn command, else python3.
flask_python() {
  local gunicorn
  if gunicorn=$(command -v gunicorn); then
    sed -n '1s/^#! *//p' "$gunicorn"
  else
    command -v python3
  fi
}

# Prints why backend $1 cannot run here, or nothing when it can.
backend_missing() {
  case $1 in
    carafe | javalin | servlet | jetty) ;;
    gunicorn)
      command -v gunicorn >/dev/null || { echo "gunicorn not installed (apt-get install gunicorn)"; return; }
      "$(flask_python)" -c 'import flask' 2>/dev/null || echo "Flask not importable by gunicorn's Python (apt-get install python3-flask)"
      ;;
    uwsgi)
      command -v uwsgi >/dev/null || { echo "uwsgi not installed (apt-get install uwsgi uwsgi-plugin-python3)"; return; }
      if uwsgi --plugin python3 --version 2>&1 | grep -q UNABLE; then
        echo "uWSGI's python3 plugin missing (apt-get install uwsgi-plugin-python3)"
        return
      fi
      python3_for_uwsgi -c 'import flask' 2>/dev/null || echo "Flask not importable by uWSGI's Python (apt-get install python3-flask)"
      ;;
    *) echo "unknown backend $1" ;;
  esac
}

# uWSGI's python3 plugin embeds the system interpreter.
python3_for_uwsgi() {
  if [ -x /usr/bin/python3 ]; then /usr/bin/python3 "$@"; else python3 "$@"; fi
}

# Sets cmd (and env_vars) to the command that serves backend $1 on 127.0.0.1:$2.
backend_command() {
  local name=$1 port=$2 workers=$((2 * server_cores + 1))
  env_vars=()
  case $name in
    carafe)
      # Production mode with its defaults. run-prod.sh is the real thing; until it exists the
      # demo app runs on one JVM through the command line's server.
      env_vars=(CARAFE_MODE=production "CARAFE_SECRET_KEY=$bench_secret")
      if [ -x ./run-prod.sh ]; then
        cmd=(./run-prod.sh --workers 1 --bind "127.0.0.1:$port")
      else
        cmd=("$java" -cp "demo-app/target/classes:$(cat demo-app/target/classpath.txt)"
          dev.carafe.cli.Main --app dev.carafe.demo.DemoApp run --port "$port")
      fi
      ;;
    javalin) cmd=("$java" -cp "$bench_cp" dev.carafe.bench.subjects.JavalinHello "$port") ;;
    servlet) cmd=("$java" -cp "$bench_cp" dev.carafe.bench.subjects.ServletHello "$port") ;;
    jetty) cmd=("$java" -cp "$bench_cp" dev.carafe.bench.subjects.JettyHello "$port") ;;
    gunicorn)
      # Gunicorn's advice: 2 x cores + 1 sync workers.
      env_vars=("BENCH_DB=$out/flask.db" "BENCH_STATIC=$static_dir")
      cmd=(gunicorn --workers "$workers" --bind "127.0.0.1:$port" --chdir bench/flask app:app)
      ;;
    uwsgi)
      # HTTP with keep-alive for direct clients, the uwsgi protocol for nginx (uwsgi_pass).
      env_vars=("BENCH_DB=$out/flask.db" "BENCH_STATIC=$static_dir")
      cmd=(uwsgi --plugin python3 --master --processes "$workers" --need-app --die-on-term
        --disable-logging --chdir bench/flask --wsgi-file app.py --callable app
        --http11-socket "127.0.0.1:$port" --socket "127.0.0.1:${uwsgi_port[$name]}")
      ;;
  esac
}

# True when backend $1 serves its own static folder (nginx then serves it in front of it).
serves_static() {
  case $1 in carafe | gunicorn | uwsgi) return 0 ;; *) return 1 ;; esac
}
