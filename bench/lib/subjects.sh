# shellcheck shell=bash disable=SC2034,SC2154
# The subjects bench/run.sh measures: how each backend is started, and when it cannot be.
# Sourced by run.sh from the repository root; reads its variables (java, bench_cp, server_cores,
# out, static_root, static_jar, bench_secret, profile) and sets cmd and env_vars for it.

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

# uWSGI's python3 plugin embeds the system interpreter.
python3_for_uwsgi() {
  if [ -x /usr/bin/python3 ]; then /usr/bin/python3 "$@"; else python3 "$@"; fi
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

# Sets cmd and env_vars to serve backend $1 on 127.0.0.1:$2.
backend_command() {
  local name=$1 port=$2 workers=$((2 * server_cores + 1))
  env_vars=()
  case $name in
    carafe)
      # Production mode with its defaults, on the seeded blog database; the 1 MB file joins the
      # class path in a jar, where the demo's static files live.
      env_vars=(CARAFE_MODE=production "CARAFE_SECRET_KEY=$bench_secret" "CARAFE_DATABASE_URL=jdbc:sqlite:$out/blog.db")
      # A smoke run measures nothing, so the worker's own warm-up pass is cut short there.
      [ "$profile" != smoke ] || env_vars+=(CARAFE_WARMUP_REQUESTS=100)
      if [ -x ./run-prod.sh ]; then
        env_vars+=("CARAFE_CLASSPATH=$static_jar")
        cmd=(./run-prod.sh --workers 1 --bind "127.0.0.1:$port")
      else
        cmd=("$java" -cp "$static_root:demo-app/target/classes:$(cat demo-app/target/classpath.txt)"
          dev.carafe.cli.Main --app com.example.blog.App run --port "$port")
      fi
      ;;
    javalin) cmd=("$java" -cp "$bench_cp" dev.carafe.bench.subjects.JavalinHello "$port") ;;
    servlet) cmd=("$java" -cp "$bench_cp" dev.carafe.bench.subjects.ServletHello "$port") ;;
    jetty) cmd=("$java" -cp "$bench_cp" dev.carafe.bench.subjects.JettyHello "$port") ;;
    gunicorn)
      # Gunicorn's advice: 2 x cores + 1 sync workers.
      env_vars=("BENCH_DB=$out/blog.db" "BENCH_STATIC=$static_root/static")
      cmd=(gunicorn --workers "$workers" --bind "127.0.0.1:$port" --chdir bench/flask app:app)
      ;;
    uwsgi)
      # The keep-alive HTTP socket, which nginx's HTTP upstream reuses as it does for the others.
      env_vars=("BENCH_DB=$out/blog.db" "BENCH_STATIC=$static_root/static")
      cmd=(uwsgi --plugin python3 --master --processes "$workers" --need-app --die-on-term
        --disable-logging --chdir bench/flask --wsgi-file app.py --callable app
        --http11-socket "127.0.0.1:$port")
      ;;
  esac
}

# True when backend $1 has a static folder (behind nginx, nginx then serves it from disk).
serves_static() {
  case $1 in carafe | gunicorn | uwsgi) return 0 ;; *) return 1 ;; esac
}
