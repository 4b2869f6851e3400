#!/usr/bin/env bash
# Static files: Trident's static handler (enable_static_handler) vs nginx (sendfile on), the
# same 1 KiB and 1 MiB files from one document root, over HTTP/1.1 (wrk) and h2c (h2load).
#
# Both servers get the same worker count (Trident: reactor_num = WORKERS, the reactors serve
# the files; worker_num 1, PHP is not involved; nginx: worker_processes = WORKERS) and a
# configuration written to a private temporary directory; each is started, checked
# (byte-exact bodies), measured and stopped before the other starts, so only one runs at a time.
#
# Usage:   bench/run-static.sh
# Tunables (environment variables, defaults in brackets):
#   DURATION [8]          seconds of each measured run
#   WARMUP [2]            seconds of an un-measured run before each (0 disables it)
#   ROUNDS [1]            rounds (servers interleaved); the median of each cell is reported
#   WORKERS [2]           Trident reactor_num and nginx worker_processes
#   WRK_THREADS [2], WRK_CONNECTIONS [50]      wrk -t, -c
#   H2_CLIENTS [16], H2_STREAMS [10]           h2load -c, -m (h2c, prior knowledge)
#   PORT_NGINX [18481], PORT_TRIDENT [18482]   preferred ports; a busy one is replaced
#   PHP [php], TRIDENT_SO [<repo>/modules/trident.so], NGINX [nginx], WRK [wrk], H2LOAD [h2load]
#   START_TIMEOUT [15], STOP_TIMEOUT [10], BENCH_KEEP [0]
#
# stdout carries only the markdown report; progress goes to stderr. Exit status 0 when every
# cell was measured, 1 when one failed, 2 on a usage or environment error.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-2}
ROUNDS=${ROUNDS:-1}
WORKERS=${WORKERS:-2}
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-50}
H2_CLIENTS=${H2_CLIENTS:-16}
H2_STREAMS=${H2_STREAMS:-10}
PORT_NGINX=${PORT_NGINX:-18481}
PORT_TRIDENT=${PORT_TRIDENT:-18482}
START_TIMEOUT=${START_TIMEOUT:-15}
STOP_TIMEOUT=${STOP_TIMEOUT:-10}
PHP=${PHP:-php}
TRIDENT_SO=${TRIDENT_SO:-$ROOT/modules/trident.so}
NGINX=${NGINX:-nginx}
WRK=${WRK:-wrk}
H2LOAD=${H2LOAD:-h2load}
BENCH_KEEP=${BENCH_KEEP:-0}

SERVERS=(trident nginx)
FILES=(1k.bin 1m.bin)
PROTOS=(h1 h2)
declare -A LABEL=([nginx]="nginx" [trident]="Trident")

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 2; }

for v in DURATION WARMUP ROUNDS WORKERS WRK_THREADS WRK_CONNECTIONS H2_CLIENTS H2_STREAMS PORT_NGINX PORT_TRIDENT \
         START_TIMEOUT STOP_TIMEOUT; do
    [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a non-negative integer (got '${!v}')"
done
((DURATION >= 1 && ROUNDS >= 1 && WORKERS >= 1)) || die "DURATION, ROUNDS and WORKERS must be at least 1"

resolve_bin() {
    local name=$1 dir
    command -v "$name" 2>/dev/null && return 0
    for dir in /usr/sbin /usr/local/sbin /sbin; do
        [[ -x $dir/$name ]] && { printf '%s\n' "$dir/$name"; return 0; }
    done
    return 1
}
WRK_BIN=$(resolve_bin "$WRK") || die "wrk not found (apt-get install wrk)"
H2LOAD_BIN=$(resolve_bin "$H2LOAD") || die "h2load not found (apt-get install nghttp2-client)"
NGINX_BIN=$(resolve_bin "$NGINX") || die "nginx not found (apt-get install nginx)"
PHP_BIN=$(resolve_bin "$PHP") || die "php not found"
[[ -f $TRIDENT_SO ]] || die "$TRIDENT_SO not built (scripts/build)"
command -v curl >/dev/null || die "curl not found"

BENCH_TMP_PREFIX=trident-bench-static
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pick_port nginx "$PORT_NGINX"
pick_port trident "$PORT_TRIDENT"

DOCROOT=$BENCH_TMP/www
mkdir -p "$DOCROOT"
head -c 1024 /dev/urandom >"$DOCROOT/1k.bin"
head -c 1048576 /dev/urandom >"$DOCROOT/1m.bin"

start_nginx() {
    local dir=$1 port=$2 user_line=""
    ((EUID == 0)) && user_line="user root root;"
    mkdir -p "$dir/logs" "$dir/tmp"
    cat >"$dir/nginx.conf" <<EOF
$user_line
worker_processes $WORKERS;
daemon off;
pid $dir/nginx.pid;
lock_file $dir/nginx.lock;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 100000000;
    default_type application/octet-stream;
    client_body_temp_path $dir/tmp/client_body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        http2 on;
        root $DOCROOT;
    }
}
EOF
    # nginx 1.22 (Debian 12) has no "http2 on;": h2c needs "listen ... http2".
    if ! "$NGINX_BIN" -t -p "$dir/" -c "$dir/nginx.conf" >/dev/null 2>&1; then
        sed -i -e '/http2 on;/d' -e "s|listen 127.0.0.1:$port;|listen 127.0.0.1:$port http2;|" "$dir/nginx.conf"
        H2_ONLY_NGINX=1   # a listener with http2 takes only h2c (prior knowledge), no HTTP/1.1
    fi
    "$NGINX_BIN" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/logs/error.log" >"$dir/logs/nginx.out" 2>&1 </dev/null &
    STARTED_PID=$!
    STARTED[$STARTED_PID]=1
}

start_trident() {
    local dir=$1 port=$2
    mkdir -p "$dir/logs"
    cat >"$dir/server.php" <<EOF
<?php
\$s = new Trident\Http\Server('127.0.0.1', $port);
\$s->set(['worker_num' => 1, 'reactor_num' => $WORKERS, 'log_level' => Trident\Http\Server::LOG_WARNING,
          'open_http2_protocol' => true, 'enable_static_handler' => true, 'document_root' => '$DOCROOT']);
\$s->on('Request', function (\$req, \$res) { \$res->status(404); \$res->end("not a file\n"); });
\$s->start();
EOF
    "$PHP_BIN" -n -d "extension=$TRIDENT_SO" "$dir/server.php" >"$dir/logs/trident.out" 2>&1 </dev/null &
    STARTED_PID=$!
    STARTED[$STARTED_PID]=1
}

wait_ready() {
    local port=$1 root=$2 proto=$3 deadline=$((SECONDS + START_TIMEOUT)) opt=()
    [[ $proto == h2 ]] && opt=(--http2-prior-knowledge)
    while :; do
        curl -s "${opt[@]}" -o /dev/null --max-time 1 "http://127.0.0.1:$port/1k.bin" && return 0
        any_alive "$root" || return 1
        ((SECONDS >= deadline)) && return 1
        sleep 0.2
    done
}

# Byte-exact check of both files on the protocol.
verify() {
    local port=$1 proto=$2 dir=$3 f opt=()
    [[ $proto == h2 ]] && opt=(--http2-prior-knowledge)
    for f in "${FILES[@]}"; do
        curl -s "${opt[@]}" --max-time 5 -o "$dir/check" "http://127.0.0.1:$port/$f" || return 1
        cmp -s "$dir/check" "$DOCROOT/$f" || return 1
    done
}

# One load run; prints "req/s MB/s" or returns 1.
run_load() {
    local proto=$1 port=$2 file=$3 seconds=$4 out=$5 rc
    if [[ $proto == h1 ]]; then
        timeout -k 5 $((seconds + 30)) "$WRK_BIN" -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${seconds}s" \
            "http://127.0.0.1:$port/$file" >"$out" 2>&1 </dev/null &
    else
        timeout -k 5 $((seconds + 30)) "$H2LOAD_BIN" -c"$H2_CLIENTS" -m"$H2_STREAMS" -D"$seconds" \
            "http://127.0.0.1:$port/$file" >"$out" 2>&1 </dev/null &
    fi
    LOAD_PID=$!
    wait "$LOAD_PID"
    rc=$?
    LOAD_PID=""
    ((rc == 0)) || return 1
    if [[ $proto == h1 ]]; then
        grep -qE 'Non-2xx|Socket errors' "$out" && return 1
        awk '/^Requests\/sec:/ { print $2 }' "$out"
    else
        grep -qE '^requests: .* 0 failed, 0 errored, 0 timeout' "$out" || return 1
        awk '/^finished in/ { gsub(",", ""); print $4 }' "$out"
    fi
}

declare -A RESULT=() CPU=()
FAILED=0
for ((round = 1; round <= ROUNDS; round++)); do
    for id in "${SERVERS[@]}"; do
        for proto in "${PROTOS[@]}"; do
            dir="$BENCH_TMP/$id-$proto-r$round"
            mkdir -p "$dir"
            H2_ONLY_NGINX=0
            "start_$id" "$dir" "${PORT[$id]}"
            root=$STARTED_PID
            if [[ $id == nginx && $proto == h1 && $H2_ONLY_NGINX == 1 ]]; then
                # This nginx cannot do h2c and HTTP/1.1 on one port: the h1 run gets a config without http2.
                stop_tree "$root"
                sed -i "s| http2;|;|" "$dir/nginx.conf"
                "$NGINX_BIN" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/logs/error.log" >"$dir/logs/nginx.out" 2>&1 </dev/null &
                root=$!
                STARTED[$root]=1
            fi
            if ! wait_ready "${PORT[$id]}" "$root" "$proto" || ! verify "${PORT[$id]}" "$proto" "$dir"; then
                log "${LABEL[$id]} $proto: did not start or answered wrong bytes"
                tail -n 20 "$dir"/logs/* >&2 2>/dev/null
                stop_tree "$root"
                FAILED=1
                continue
            fi
            for file in "${FILES[@]}"; do
                if ((WARMUP > 0)); then run_load "$proto" "${PORT[$id]}" "$file" "$WARMUP" "$dir/warm.txt" >/dev/null; fi
                mapfile -t pids < <(tree_pids "$root")
                t0=$(cpu_ticks "${pids[@]}")
                if rps=$(run_load "$proto" "${PORT[$id]}" "$file" "$DURATION" "$dir/$file.txt"); then
                    t1=$(cpu_ticks "${pids[@]}")
                    RESULT[$id.$proto.$file]="${RESULT[$id.$proto.$file]:-} $rps"
                    CPU[$id.$proto.$file]="${CPU[$id.$proto.$file]:-} $(awk -v d=$((t1 - t0)) -v hz="$CLK_TCK" -v r="$rps" -v s="$DURATION" 'BEGIN { printf "%.1f", d * 1e6 / hz / (r * s) }')"
                    log "round $round ${LABEL[$id]} $proto $file: $rps req/s"
                else
                    log "round $round ${LABEL[$id]} $proto $file: FAILED"
                    sed 's/^/[bench]   /' "$dir/$file.txt" >&2
                    FAILED=1
                fi
            done
            stop_tree "$root"
        done
    done
done

cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
echo "## Static files, Trident vs nginx (\`bench/run-static.sh\`)"
echo
echo "- host: $(nproc) CPUs${cpu_model:+ ($cpu_model)}, Linux $(uname -r); the load generators run on the same CPUs"
echo "- $(version_nginx=$("$NGINX_BIN" -v 2>&1); echo "$version_nginx") (\`sendfile on\`, \`worker_processes $WORKERS\`); Trident \`reactor_num $WORKERS\`, \`enable_static_handler\`"
echo "- HTTP/1.1: \`wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${DURATION}s\`; HTTP/2 (h2c): \`h2load -c$H2_CLIENTS -m$H2_STREAMS -D$DURATION\`; warm-up ${WARMUP}s, rounds $ROUNDS (median)"
echo
echo "| protocol | file | nginx req/s | Trident req/s | Trident / nginx | nginx CPU µs/req | Trident CPU µs/req |"
echo "|---|---|---:|---:|---:|---:|---:|"
for proto in "${PROTOS[@]}"; do
    for file in "${FILES[@]}"; do
        # shellcheck disable=SC2086
        n=$(median ${RESULT[nginx.$proto.$file]:-} 2>/dev/null) || n=0
        # shellcheck disable=SC2086
        t=$(median ${RESULT[trident.$proto.$file]:-} 2>/dev/null) || t=0
        # shellcheck disable=SC2086
        nc=$(median ${CPU[nginx.$proto.$file]:-} 2>/dev/null) || nc=0
        # shellcheck disable=SC2086
        tc=$(median ${CPU[trident.$proto.$file]:-} 2>/dev/null) || tc=0
        awk -v p="$proto" -v f="$file" -v n="$n" -v t="$t" -v nc="$nc" -v tc="$tc" 'BEGIN {
            printf "| %s | %s | %.0f | %.0f | %s | %.1f | %.1f |\n", (p == "h1" ? "HTTP/1.1" : "HTTP/2"), f, n, t,
                (n > 0 ? sprintf("%.2fx", t / n) : "n/a"), nc, tc }'
    done
done
exit $FAILED
