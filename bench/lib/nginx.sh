# shellcheck shell=bash disable=SC2034,SC2154
# The nginx tier of bench/run.sh: one nginx (one worker, on the server's core) with a server
# block per backend, and one that answers by itself. Static files are served by nginx from the
# same folder the apps serve them from, as the bundled nginx.conf does.

# Writes $out/nginx/nginx.conf for the backends given as arguments.
write_nginx_conf() {
  local dir=$out/nginx name
  mkdir -p "$dir"
  {
    cat <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    default_type application/octet-stream;
    types { application/json json; text/css css; text/html html; }
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    # Proxied responses stream through memory buffers only: nothing to write under the prefix.
    proxy_max_temp_file_size 0;
    client_body_temp_path $dir/client_body_temp;
    proxy_temp_path $dir/proxy_temp;
    fastcgi_temp_path $dir/fastcgi_temp;
    uwsgi_temp_path $dir/uwsgi_temp;
    scgi_temp_path $dir/scgi_temp;

    server {
        listen 127.0.0.1:${nginx_port[nginx]};
        location = /api/hello {
            default_type application/json;
            return 200 '{"message":"Hello, World!"}';
        }
    }
CONF
    for name in "$@"; do
      if [ "$name" = uwsgi ]; then
        printf '    upstream up_%s { server 127.0.0.1:%s; }\n' "$name" "${uwsgi_port[$name]}"
      else
        printf '    upstream up_%s { server 127.0.0.1:%s; keepalive 32; }\n' "$name" "${port[$name]}"
      fi
      printf '    server {\n        listen 127.0.0.1:%s;\n' "${nginx_port[$name]}"
      if serves_static "$name"; then
        printf '        location /static/ { alias %s/; }\n' "$static_dir"
      fi
      printf '        location / {\n'
      if [ "$name" = uwsgi ]; then
        cat <<'CONF'
            uwsgi_pass up_uwsgi;
            uwsgi_param QUERY_STRING $query_string;
            uwsgi_param REQUEST_METHOD $request_method;
            uwsgi_param CONTENT_TYPE $content_type;
            uwsgi_param CONTENT_LENGTH $content_length;
            uwsgi_param REQUEST_URI $request_uri;
            uwsgi_param PATH_INFO $document_uri;
            uwsgi_param DOCUMENT_ROOT $document_root;
            uwsgi_param SERVER_PROTOCOL $server_protocol;
            uwsgi_param REQUEST_SCHEME $scheme;
            uwsgi_param REMOTE_ADDR $remote_addr;
            uwsgi_param REMOTE_PORT $remote_port;
            uwsgi_param SERVER_PORT $server_port;
            uwsgi_param SERVER_NAME $server_name;
        }
    }
CONF
      else
        cat <<CONF
            proxy_pass http://up_$name;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
        }
    }
CONF
      fi
    done
    echo "}"
  } >"$dir/nginx.conf"
}
