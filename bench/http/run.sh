#!/usr/bin/env bash
# Throughput and latency of the provd phone HTTP server against nginx, serving the same 10,000 small phone
# configuration files (Digium/<12 hex>.cfg, ~1.5 KB each) requested round robin by wrk.
#
#   bench/http/run.sh            # from anywhere; needs JDK 17, Maven, provd.core installed in ~/.m2
#
# Settings (environment): FILES (10000), THREADS (2), CONNECTIONS (256), DURATION (15s), WARMUP (45s, per server,
# same load, reported but not measured: on 2 CPUs shared with wrk the JVM needs 30-60 s of load before C2 has
# compiled the hot paths), PROVD_PORT (18667), NGINX_PORT (18668), MVN_OPTS (-o),
# JAVA_OPTS (-Xms512m -Xmx512m), KEEP=1 keeps the work directory.
# nginx and wrk are installed with apt-get when missing.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
FILES=${FILES:-10000}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-256}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-45s}
PROVD_PORT=${PROVD_PORT:-18667}
NGINX_PORT=${NGINX_PORT:-18668}
MVN_OPTS=${MVN_OPTS:--o}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m}

log() { printf '%s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------------------------------------------
missing=()
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
NGINX=$(command -v nginx)

WORK=$(mktemp -d /tmp/provd-http-bench.XXXXXX)
chmod 755 "$WORK"   # nginx's workers (nobody) must read the files
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ "${KEEP:-0}" = 1 ]; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# --- build -----------------------------------------------------------------------------------------------------
log "building provd.http (test classes) and its class path"
(cd "$ROOT" && mvn -B -q $MVN_OPTS -pl provd.http test-compile dependency:build-classpath \
  -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test >"$WORK/mvn.log" 2>&1) \
  || { cat "$WORK/mvn.log" >&2; exit 1; }
CP="$ROOT/provd.http/target/test-classes:$ROOT/provd.http/target/classes:$(cat "$WORK/classpath.txt")"

# --- files -----------------------------------------------------------------------------------------------------
DOCS="$WORK/files"
mkdir -p "$DOCS/Digium"
log "creating $FILES files in $DOCS/Digium"
awk -v n="$FILES" -v dir="$DOCS/Digium" -v list="$WORK/paths.txt" 'BEGIN {
  filler = "";
  for (k = 0; k < 14; k++) filler = filler sprintf("  <setting id=\"line%02d\" value=\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"/>\n", k);
  for (i = 0; i < n; i++) {
    mac = sprintf("000fd3%06x", (i * 7919) % 16777216);
    f = dir "/" mac ".cfg";
    printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config mac=\"%s\" index=\"%d\">\n%s</config>\n", mac, i, filler > f;
    close(f);
    print "/Digium/" mac ".cfg" > list;
  }
  close(list);
}'
chmod -R a+rX "$DOCS"
SIZE=$(stat -c %s "$DOCS/Digium/$(ls "$DOCS/Digium" | head -1)")
log "file size: $SIZE bytes"

# --- servers ---------------------------------------------------------------------------------------------------
wait_for() { # port name
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "http://127.0.0.1:$1/"; then return 0; fi
    sleep 0.1
  done
  log "$2 did not start"; exit 1
}

log "starting provd (BenchServer) on 127.0.0.1:$PROVD_PORT"
# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$CP" provd.http.internal.files.BenchServer "$DOCS" "$PROVD_PORT" 127.0.0.1 \
  >"$WORK/provd.log" 2>&1 &
PIDS+=($!)
wait_for "$PROVD_PORT" provd

mkdir -p "$WORK/nginx/logs" "$WORK/nginx/temp"
cat >"$WORK/nginx/nginx.conf" <<NGINX
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  server_tokens off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 30s;
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx/temp/body;
  proxy_temp_path $WORK/nginx/temp/proxy;
  fastcgi_temp_path $WORK/nginx/temp/fastcgi;
  uwsgi_temp_path $WORK/nginx/temp/uwsgi;
  scgi_temp_path $WORK/nginx/temp/scgi;
  types { text/plain cfg txt; application/xml xml; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $DOCS;
    location ~ \.cfg\$ { add_header Cache-Control no-store; }
  }
}
NGINX
log "starting nginx on 127.0.0.1:$NGINX_PORT"
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' 2>"$WORK/nginx/logs/stderr.log" &
PIDS+=($!)
wait_for "$NGINX_PORT" nginx

FIRST=$(head -1 "$WORK/paths.txt")
if ! cmp -s <(curl -s "http://127.0.0.1:$PROVD_PORT$FIRST") <(curl -s "http://127.0.0.1:$NGINX_PORT$FIRST"); then
  log "provd and nginx serve different content for $FIRST"; exit 1
fi

# --- load ------------------------------------------------------------------------------------------------------
run_wrk() { # port duration
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --timeout 10s -s "$HERE/paths.lua" "http://127.0.0.1:$1" -- \
    "$WORK/paths.txt" | grep '^RESULT'
}
field() { # line name
  sed -n "s/.* $2=\([0-9.]*\).*/\1/p" <<<"$1"
}

declare -A RESULT WARM
for server in provd nginx; do
  port=$PROVD_PORT; [ "$server" = nginx ] && port=$NGINX_PORT
  log "$server: warm-up $WARMUP"
  WARM[$server]=$(run_wrk "$port" "$WARMUP")
  log "$server: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $FILES paths round robin"
  RESULT[$server]=$(run_wrk "$port" "$DURATION")
done

# --- report ----------------------------------------------------------------------------------------------------
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
echo
echo "provd phone HTTP server vs nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///'): $FILES files of $SIZE bytes, round robin;"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION (after a $WARMUP warm-up each), client and servers on the same host ($(nproc) CPUs)"
echo
printf '%-8s %12s %9s %9s %9s %9s %9s %8s\n' server 'requests/s' 'p50 ms' 'p90 ms' 'p99 ms' 'p99.9 ms' 'max ms' errors
for server in provd nginx; do
  r=${RESULT[$server]}
  errors=$(( $(field "$r" connect_err) + $(field "$r" read_err) + $(field "$r" write_err) + $(field "$r" status_err) + $(field "$r" timeout_err) ))
  printf '%-8s %12s %9s %9s %9s %9s %9s %8s\n' "$server" "$(field "$r" rps)" "$(ms "$(field "$r" p50_us)")" \
    "$(ms "$(field "$r" p90_us)")" "$(ms "$(field "$r" p99_us)")" "$(ms "$(field "$r" p999_us)")" \
    "$(ms "$(field "$r" max_us)")" "$errors"
done
echo "(during the warm-up: provd $(field "${WARM[provd]}" rps) requests/s, nginx $(field "${WARM[nginx]}" rps) requests/s)"
echo
awk -v a="$(field "${RESULT[provd]}" rps)" -v b="$(field "${RESULT[nginx]}" rps)" \
  -v pa="$(field "${RESULT[provd]}" p99_us)" -v pb="$(field "${RESULT[nginx]}" p99_us)" \
  'BEGIN { printf "ratio provd / nginx: throughput %.2f, p99 latency %.2f\n", a / b, pa / pb }'
