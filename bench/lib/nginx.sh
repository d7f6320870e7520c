# shellcheck shell=bash disable=SC2034,SC2154
# The nginx tier of bench/run.sh. Each backend gets its own nginx configured by the bundled
# nginx.conf and nginx/, changed only where a benchmark must: its ports, one worker (the server
# has one core), the access log formatted as shipped but written to /dev/null (a full run would
# fill the disk), and the static folder holding the 1 MB file. A minimal nginx answers by itself.

# Fails with a message when a substitution did not apply: the bundled file changed shape.
expect_in() {
  grep -qF -- "$2" "$1" || { echo "bench: $1 lacks '$2' after adapting the bundled nginx config; update bench/lib/nginx.sh" >&2; return 1; }
}

# Prefix $out/nginx/$1 with the bundled configuration, proxying to $2 and listening on $3.
write_bundled_nginx() {
  local prefix=$out/nginx/$1 backend_port=$2 listen_port=$3
  mkdir -p "$prefix/run"
  cp -R nginx "$prefix/nginx"
  sed -e 's/^worker_processes .*;/worker_processes 1;/' \
    -e "s#root demo-app/src/main/resources;#root $static_root;#" \
    nginx.conf >"$prefix/nginx.conf"
  sed -i -e "s/127\.0\.0\.1:8000/127.0.0.1:$backend_port/g" "$prefix/nginx/upstream.conf"
  sed -i -e "s/listen 127\.0\.0\.1:8080;/listen 127.0.0.1:$listen_port;/" "$prefix/nginx/listen.conf"
  sed -i -e 's#access_log run/access.log#access_log /dev/null#' "$prefix/nginx/http.conf"
  expect_in "$prefix/nginx.conf" "worker_processes 1;"
  expect_in "$prefix/nginx.conf" "root $static_root;"
  expect_in "$prefix/nginx/upstream.conf" "server 127.0.0.1:$backend_port"
  expect_in "$prefix/nginx/listen.conf" "listen 127.0.0.1:$listen_port;"
  expect_in "$prefix/nginx/http.conf" "access_log /dev/null"
}

# Prefix $out/nginx/alone: nginx answering the JSON itself on port $1.
write_nginx_alone() {
  local prefix=$out/nginx/alone
  mkdir -p "$prefix/run"
  cat >"$prefix/nginx.conf" <<CONF
worker_processes 1;
pid run/nginx.pid;
error_log run/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 100000;
    client_body_temp_path run/client_body_temp;
    proxy_temp_path run/proxy_temp;
    fastcgi_temp_path run/fastcgi_temp;
    uwsgi_temp_path run/uwsgi_temp;
    scgi_temp_path run/scgi_temp;
    server {
        listen 127.0.0.1:$1;
        location = /api/hello {
            default_type application/json;
            return 200 '{"message":"Hello, World!"}';
        }
    }
}
CONF
}
