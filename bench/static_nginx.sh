# Sourced by the HTTP benchmarks: nginx serving one file as a static file, the comparison for seedd's list page.
#   start_static_nginx DIR PORT FILE   serves FILE as http://127.0.0.1:PORT/jobs.json; its pid file is DIR/nginx.pid
#   (the caller's cleanup kills it), its config and temp files stay under DIR.
start_static_nginx() {
  local dir=$1 port=$2 file=$3
  mkdir -p "$dir/www" "$dir/tmp"
  cp "$file" "$dir/www/jobs.json"
  cat > "$dir/nginx.conf" <<NGX
user root;
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp; uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
  server { listen 127.0.0.1:$port; root $dir/www; }
}
NGX
  nginx -c "$dir/nginx.conf"
  sleep 0.3
}
