#!/usr/bin/env bash
# HTTP/1.1 keep-alive "hello world" benchmark: Trident vs nginx vs nginx + php-fpm.
#
# Every server is started from a configuration written to a private temporary
# directory, warmed up, measured with wrk, and stopped again before the next one
# starts, so only one server is running at any time. Nothing outside the
# temporary directory is written (no /etc/nginx, no /var/log, no system pools).
#
# Usage:   bench/run-http1.sh
# Tunables (environment variables, defaults in brackets):
#   DURATION [10]        seconds of each measured wrk run
#   WARMUP [2]           seconds of the un-measured warm-up run (0 disables it)
#   ROUNDS [1]           rounds; the servers are interleaved round by round and
#                        the median of each column is reported
#   WRK_THREADS [2]      wrk -t
#   WRK_CONNECTIONS [50] wrk -c
#   PORT_NGINX [18081], PORT_FPM [18082], PORT_TRIDENT [18083]
#                        preferred ports; a busy port is replaced by the next free one
#   PHP [php]            php CLI binary used to run Trident
#   TRIDENT_SO [<repo>/modules/trident.so]  the Trident extension (measured in
#                        MODE_PROCESS and in MODE_BASE)
#   SWOOLE_SO [unset]    a swoole.so built by hand from a fetched snapshot, outside
#                        the repository (never committed); when set, Swoole's
#                        SWOOLE_PROCESS and SWOOLE_BASE are measured too
#   PORT_TRIDENT_BASE [18084], PORT_SWOOLE [18085], PORT_SWOOLE_BASE [18086]
#   NGINX [nginx], PHP_FPM [php-fpm8.2], WRK [wrk]  other binaries
#   START_TIMEOUT [15]   seconds to wait for a server to answer
#   STOP_TIMEOUT [10]    seconds to wait for a server to exit before SIGKILL
#   BENCH_KEEP [0]       1 keeps the temporary directory (configs, logs, raw wrk output)
#
# stdout carries only the markdown report; progress goes to stderr.
# Exit status: 0 when every server that was not skipped was measured,
# 1 when a server failed, 2 on a usage or environment error.

# shellcheck disable=SC2317  # functions are called indirectly (traps, "start_$id")
set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
ROUNDS=${ROUNDS:-1}
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-50}
START_TIMEOUT=${START_TIMEOUT:-15}
STOP_TIMEOUT=${STOP_TIMEOUT:-10}
PORT_NGINX=${PORT_NGINX:-18081}
PORT_FPM=${PORT_FPM:-18082}
PORT_TRIDENT=${PORT_TRIDENT:-18083}
PORT_TRIDENT_BASE=${PORT_TRIDENT_BASE:-18084}
PORT_SWOOLE=${PORT_SWOOLE:-18085}
PORT_SWOOLE_BASE=${PORT_SWOOLE_BASE:-18086}
SWOOLE_SO=${SWOOLE_SO:-}
PHP=${PHP:-php}
TRIDENT_SO=${TRIDENT_SO:-$ROOT/modules/trident.so}
NGINX=${NGINX:-nginx}
PHP_FPM=${PHP_FPM:-php-fpm8.2}
WRK=${WRK:-wrk}
BENCH_KEEP=${BENCH_KEEP:-0}

HELLO_SERVER="$ROOT/bench/hello-server.php"
SWOOLE_SERVER="$ROOT/bench/swoole-hello-server.php"
SERVERS=(nginx fpm trident trident_base swoole swoole_base)
declare -A LABEL=([nginx]="nginx" [fpm]="nginx + php-fpm" [trident]="Trident MODE_PROCESS" [trident_base]="Trident MODE_BASE"
                  [swoole]="Swoole SWOOLE_PROCESS" [swoole_base]="Swoole SWOOLE_BASE")

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 2; }

for v in DURATION WARMUP ROUNDS WRK_THREADS WRK_CONNECTIONS START_TIMEOUT STOP_TIMEOUT \
         PORT_NGINX PORT_FPM PORT_TRIDENT PORT_TRIDENT_BASE PORT_SWOOLE PORT_SWOOLE_BASE; do
    [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a non-negative integer (got '${!v}')"
done
((DURATION >= 1)) || die "DURATION must be at least 1"
((ROUNDS >= 1)) || die "ROUNDS must be at least 1"
((WRK_THREADS >= 1 && WRK_CONNECTIONS >= WRK_THREADS)) ||
    die "need WRK_THREADS >= 1 and WRK_CONNECTIONS >= WRK_THREADS"

# Resolve a binary from PATH, falling back to the sbin directories that a
# non-login shell may lack (nginx and php-fpm live in /usr/sbin on Debian).
resolve_bin() {
    local name=$1 dir
    if [[ $name == */* ]]; then
        [[ -x $name ]] && { printf '%s\n' "$name"; return 0; }
        return 1
    fi
    command -v "$name" 2>/dev/null && return 0
    for dir in /usr/sbin /usr/local/sbin /sbin; do
        [[ -x $dir/$name ]] && { printf '%s\n' "$dir/$name"; return 0; }
    done
    return 1
}

WRK_BIN=$(resolve_bin "$WRK") || die "wrk not found (apt-get install wrk)"
command -v curl >/dev/null || die "curl not found (apt-get install curl)"
command -v pgrep >/dev/null || die "pgrep not found (apt-get install procps)"
command -v timeout >/dev/null || die "timeout not found (apt-get install coreutils)"
NGINX_BIN=$(resolve_bin "$NGINX") || NGINX_BIN=""
PHP_FPM_BIN=$(resolve_bin "$PHP_FPM") || PHP_FPM_BIN=""
PHP_BIN=$(resolve_bin "$PHP") || PHP_BIN=""

BENCH_TMP_PREFIX=trident-bench
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pick_port nginx "$PORT_NGINX"
pick_port fpm "$PORT_FPM"
pick_port trident "$PORT_TRIDENT"
pick_port trident_base "$PORT_TRIDENT_BASE"
pick_port swoole "$PORT_SWOOLE"
pick_port swoole_base "$PORT_SWOOLE_BASE"

# ---------------------------------------------------------------------------
# Server configurations
# ---------------------------------------------------------------------------

# Each start_* function fills ROOTS (root pids whose trees are measured) and
# LOGS (files shown when something goes wrong), or sets FAIL_REASON and
# returns 1 (SKIP_REASON instead when the server is simply unavailable).

start_nginx() {
    local dir=$1 port=$2
    [[ -n $NGINX_BIN ]] || { SKIP_REASON="nginx not installed (apt-get install nginx)"; return 1; }
    write_nginx_conf "$dir" "$port" "" '            return 200 "Hello, World!\n";'
    LOGS=("$dir/logs/nginx.out" "$dir/logs/error.log")
    launch_nginx "$dir"
    ROOTS=("$STARTED_PID")
}

start_fpm() {
    local dir=$1 port=$2 user_lines="" deadline
    [[ -n $NGINX_BIN ]] || { SKIP_REASON="nginx not installed (apt-get install nginx)"; return 1; }
    [[ -n $PHP_FPM_BIN ]] || { SKIP_REASON="php-fpm not installed (apt-get install php8.2-fpm)"; return 1; }
    mkdir -p "$dir/logs" "$dir/www"
    cat >"$dir/www/hello.php" <<'EOF'
<?php
header('Content-Type: text/plain');
echo "Hello, World!\n";
EOF
    ((EUID == 0)) && user_lines=$'user = root\ngroup = root'
    cat >"$dir/php-fpm.conf" <<EOF
[global]
pid = $dir/php-fpm.pid
error_log = $dir/logs/php-fpm.log
log_level = warning
daemonize = no

[bench]
$user_lines
listen = $dir/php-fpm.sock
listen.mode = 0666
pm = static
pm.max_children = 2
pm.max_requests = 0
EOF
    LOGS=("$dir/logs/php-fpm.out" "$dir/logs/php-fpm.log" "$dir/logs/nginx.out" "$dir/logs/error.log")
    "$PHP_FPM_BIN" -F -y "$dir/php-fpm.conf" -R >"$dir/logs/php-fpm.out" 2>&1 </dev/null &
    local fpm_pid=$!
    STARTED[$fpm_pid]=1
    ROOTS=("$fpm_pid")
    deadline=$((SECONDS + START_TIMEOUT))
    until [[ -S $dir/php-fpm.sock ]]; do
        if ! any_alive "$fpm_pid"; then FAIL_REASON="php-fpm exited during startup"; return 1; fi
        if ((SECONDS >= deadline)); then FAIL_REASON="php-fpm socket did not appear"; return 1; fi
        sleep 0.1
    done
    write_nginx_conf "$dir" "$port" "" "            fastcgi_pass unix:$dir/php-fpm.sock;
            fastcgi_param SCRIPT_FILENAME $dir/www/hello.php;
            fastcgi_param SCRIPT_NAME /hello.php;
            fastcgi_param QUERY_STRING \$query_string;
            fastcgi_param REQUEST_METHOD \$request_method;
            fastcgi_param CONTENT_TYPE \$content_type;
            fastcgi_param CONTENT_LENGTH \$content_length;
            fastcgi_param REQUEST_URI \$request_uri;
            fastcgi_param DOCUMENT_URI \$document_uri;
            fastcgi_param DOCUMENT_ROOT $dir/www;
            fastcgi_param SERVER_PROTOCOL \$server_protocol;
            fastcgi_param GATEWAY_INTERFACE CGI/1.1;
            fastcgi_param SERVER_SOFTWARE nginx;
            fastcgi_param REMOTE_ADDR \$remote_addr;
            fastcgi_param REMOTE_PORT \$remote_port;
            fastcgi_param SERVER_ADDR \$server_addr;
            fastcgi_param SERVER_PORT \$server_port;
            fastcgi_param SERVER_NAME \$server_name;"
    launch_nginx "$dir"
    ROOTS+=("$STARTED_PID")
}

# Trident on $2 in directory $1, in mode $3 (process or base).
start_trident() {
    local dir=$1 port=$2 mode=${3:-process}
    [[ -f $TRIDENT_SO ]] || { SKIP_REASON="not built"; return 1; }
    [[ -n $PHP_BIN ]] || { SKIP_REASON="php binary '$PHP' not found"; return 1; }
    mkdir -p "$dir/logs"
    LOGS=("$dir/logs/trident.out")
    TRIDENT_BENCH_MODE=$mode "$PHP_BIN" -n -d "extension=$TRIDENT_SO" "$HELLO_SERVER" "$port" \
        >"$dir/logs/trident.out" 2>&1 </dev/null &
    STARTED_PID=$!
    STARTED[$STARTED_PID]=1
    ROOTS=("$STARTED_PID")
}
start_trident_base() { start_trident "$1" "$2" base; }

# Swoole (SWOOLE_SO) on $2 in directory $1, in mode $3 (process or base).
start_swoole() {
    local dir=$1 port=$2 mode=${3:-process}
    [[ -n $SWOOLE_SO ]] || { SKIP_REASON="SWOOLE_SO not set"; return 1; }
    [[ -f $SWOOLE_SO ]] || { SKIP_REASON="SWOOLE_SO $SWOOLE_SO not found"; return 1; }
    [[ -n $PHP_BIN ]] || { SKIP_REASON="php binary '$PHP' not found"; return 1; }
    mkdir -p "$dir/logs"
    LOGS=("$dir/logs/swoole.out")
    "$PHP_BIN" -n -d "extension=$SWOOLE_SO" "$SWOOLE_SERVER" "$port" h1 "$mode" \
        >"$dir/logs/swoole.out" 2>&1 </dev/null &
    STARTED_PID=$!
    STARTED[$STARTED_PID]=1
    ROOTS=("$STARTED_PID")
}
start_swoole_base() { start_swoole "$1" "$2" base; }

# Wait until the port gives an HTTP answer; fail early when a root process died.
wait_ready() {
    local port=$1 deadline=$((SECONDS + START_TIMEOUT)) r
    while :; do
        curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" && return 0
        for r in "${ROOTS[@]}"; do
            any_alive "$r" || { FAIL_REASON="process $r exited during startup"; return 1; }
        done
        ((SECONDS >= deadline)) && { FAIL_REASON="no answer on port $port within ${START_TIMEOUT}s"; return 1; }
        sleep 0.2
    done
}

# The server must return 200 with exactly the hello-world body.
verify_response() {
    local port=$1 dir=$2 code
    code=$(curl -s --max-time 5 -o "$dir/check.body" -w '%{http_code}' "http://127.0.0.1:$port/") || code="curl-error"
    if [[ $code != 200 ]]; then
        FAIL_REASON="GET / answered $code instead of 200"
        return 1
    fi
    if ! cmp -s "$dir/check.body" "$BENCH_TMP/expected.body"; then
        FAIL_REASON="GET / body is not \"Hello, World!\\n\""
        return 1
    fi
}

# Run wrk in the background (so signals reach the trap at once) with a hard bound.
run_wrk() {
    local out=$1 seconds=$2 port=$3 rc
    timeout -k 5 $((seconds + 30)) "$WRK_BIN" -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${seconds}s" \
        --latency "http://127.0.0.1:$port/" >"$out" 2>&1 </dev/null &
    LOAD_PID=$!
    wait "$LOAD_PID"
    rc=$?
    LOAD_PID=""
    return $rc
}



# ---------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------

declare -A STATUS=()     # ""=ok so far, "skip:<reason>", "fail:<reason>"
declare -A RPS=() P99=() CPU=() WARN=()

measure() {
    local id=$1 round=$2 port=${PORT[$1]} dir="$BENCH_TMP/$1-r$2"
    local -a before_pids after_pids
    local t0 t1 out rps reqs p99_raw p99 cpu errs r r2
    ROOTS=() LOGS=() SKIP_REASON="" FAIL_REASON=""
    mkdir -p "$dir"

    if ! "start_$id" "$dir" "$port"; then
        for r in "${ROOTS[@]}"; do stop_tree "$r"; done
        if [[ -n $SKIP_REASON ]]; then
            STATUS[$id]="skip:$SKIP_REASON"
            log "${LABEL[$id]}: $SKIP_REASON, skipped"
        else
            STATUS[$id]="fail:$FAIL_REASON"
            log "${LABEL[$id]}: FAILED: $FAIL_REASON"
            show_logs "${LOGS[@]}"
        fi
        return 1
    fi
    log "round $round/$ROUNDS ${LABEL[$id]}: started (pids ${ROOTS[*]}) on 127.0.0.1:$port"

    if ! wait_ready "$port" || ! verify_response "$port" "$dir"; then
        STATUS[$id]="fail:$FAIL_REASON"
        log "${LABEL[$id]}: FAILED: $FAIL_REASON"
        show_logs "${LOGS[@]}"
        for r in "${ROOTS[@]}"; do stop_tree "$r"; done
        return 1
    fi

    if ((WARMUP > 0)); then
        log "round $round/$ROUNDS ${LABEL[$id]}: warm-up ${WARMUP}s"
        run_wrk "$dir/wrk-warmup.txt" "$WARMUP" "$port" ||
            log "${LABEL[$id]}: warm-up wrk exited with an error (ignored)"
    fi

    mapfile -t before_pids < <(tree_pids "${ROOTS[@]}")
    t0=$(cpu_ticks "${before_pids[@]}")
    log "round $round/$ROUNDS ${LABEL[$id]}: measuring ${DURATION}s (${#before_pids[@]} server processes)"
    out="$dir/wrk.txt"
    run_wrk "$out" "$DURATION" "$port"
    r=$?
    mapfile -t after_pids < <(tree_pids "${ROOTS[@]}")
    t1=$(cpu_ticks "${after_pids[@]}")

    for r2 in "${ROOTS[@]}"; do
        stop_tree "$r2" ||
            WARN[$id]="${WARN[$id]:+${WARN[$id]}; }round $round: pid $r2 ignored SIGTERM for ${STOP_TIMEOUT}s and was killed"
    done

    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
    reqs=$(awk '/ requests in / { print $1; exit }' "$out")
    p99_raw=$(awk '$1 == "99%" { print $2; exit }' "$out")
    p99=$(to_ms "$p99_raw" 2>/dev/null) || p99=""
    if ((r != 0)) || [[ -z $rps || -z $reqs || -z $p99 ]] || ((reqs == 0)); then
        STATUS[$id]="fail:wrk failed (exit $r)"
        log "${LABEL[$id]}: FAILED: wrk exit $r, output:"
        sed 's/^/[bench]   /' "$out" >&2
        return 1
    fi
    cpu=$(awk -v d=$((t1 - t0)) -v hz="$CLK_TCK" -v n="$reqs" 'BEGIN { printf "%.3f\n", d * 1e6 / hz / n }')

    errs=$(grep -E '^ *(Socket errors|Non-2xx or 3xx responses):' "$out" | sed 's/^ *//' | paste -sd ';' -)
    if [[ -n $errs ]]; then
        WARN[$id]="${WARN[$id]:+${WARN[$id]}; }round $round: $errs"
        log "${LABEL[$id]}: wrk reported: $errs"
    fi
    if [[ "${before_pids[*]}" != "${after_pids[*]}" ]]; then
        WARN[$id]="${WARN[$id]:+${WARN[$id]}; }round $round: process set changed during the run (${#before_pids[@]} -> ${#after_pids[@]}), CPU of unreaped exited processes is missing"
    fi

    RPS[$id]="${RPS[$id]:-} $rps"
    P99[$id]="${P99[$id]:-} $p99"
    CPU[$id]="${CPU[$id]:-} $cpu"
    log "round $round/$ROUNDS ${LABEL[$id]}: $rps req/s, p99 $p99_raw, $reqs requests, CPU $(awk -v d=$((t1 - t0)) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", d / hz }') s -> $cpu us/req"
}

for ((round = 1; round <= ROUNDS; round++)); do
    for id in "${SERVERS[@]}"; do
        [[ -n ${STATUS[$id]:-} ]] && continue   # skipped or failed earlier
        measure "$id" "$round"
    done
done

# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

declare -A MED_RPS=() MED_P99=() MED_CPU=()
for id in "${SERVERS[@]}"; do
    [[ -z ${STATUS[$id]:-} && -n ${RPS[$id]:-} ]] || continue
    # shellcheck disable=SC2086  # word splitting of the value lists is intended
    MED_RPS[$id]=$(median ${RPS[$id]})
    # shellcheck disable=SC2086
    MED_P99[$id]=$(median ${P99[$id]})
    # shellcheck disable=SC2086
    MED_CPU[$id]=$(median ${CPU[$id]})
done

cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
echo "## HTTP/1.1 keep-alive hello world"
echo
echo "- load: \`wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${DURATION}s --latency\`, warm-up ${WARMUP}s, rounds: $ROUNDS (median of each column)"
echo "- host: $(nproc) CPUs${cpu_model:+ ($cpu_model)}, Linux $(uname -r); wrk runs on the same CPUs"
[[ -n $NGINX_BIN ]] && echo "- $(version_of "$NGINX_BIN" -v), worker_processes 2, access_log off"
if [[ -n $PHP_FPM_BIN ]]; then
    opcache=$("$PHP_FPM_BIN" -i 2>/dev/null | awk -F' => ' '$1 == "opcache.enable" { print $2; exit }')
    echo "- $(version_of "$PHP_FPM_BIN" -v), pm=static, pm.max_children=2, opcache.enable=${opcache:-not loaded}"
fi
if [[ -f $TRIDENT_SO && -n $PHP_BIN ]]; then
    echo "- Trident: $TRIDENT_SO on $(version_of "$PHP_BIN" -n -v), worker_num=2, reactor_num=2 (MODE_BASE: 2 workers, a reactor in each)"
fi
if [[ -n $SWOOLE_SO && -f $SWOOLE_SO && -n $PHP_BIN ]]; then
    echo "- Swoole: $SWOOLE_SO ($("$PHP_BIN" -n -d "extension=$SWOOLE_SO" -r 'echo SWOOLE_VERSION;' 2>/dev/null)), worker_num=2, reactor_num=2, hook flags off"
fi
echo
[[ ${STATUS[trident]:-} == "skip:not built" ]] && { echo "trident: not built, skipped"; echo; }

echo "| server | req/s | p99 | CPU µs/req | Trident ratio |"
echo "|---|---:|---:|---:|---:|"
for id in "${SERVERS[@]}"; do
    st=${STATUS[$id]:-}
    if [[ -n ${MED_RPS[$id]:-} ]]; then
        if [[ -n ${MED_RPS[trident]:-} ]]; then tr=$(ratio "${MED_RPS[trident]}" "${MED_RPS[$id]}"); else tr="n/a"; fi
        printf '| %s | %.0f | %.2f ms | %.1f | %s |\n' "${LABEL[$id]}" \
            "${MED_RPS[$id]}" "${MED_P99[$id]}" "${MED_CPU[$id]}" "$tr"
    elif [[ $st == skip:* ]]; then
        printf '| %s | skipped: %s | - | - | - |\n' "${LABEL[$id]}" "${st#skip:}"
    else
        printf '| %s | FAILED: %s | - | - | - |\n' "${LABEL[$id]}" "${st#fail:}"
    fi
done
echo

headline() {
    local name=$1 id=$2
    if [[ -n ${MED_RPS[trident]:-} && -n ${MED_RPS[$id]:-} ]]; then
        echo "**$name: $(ratio "${MED_RPS[trident]}" "${MED_RPS[$id]}")** (req/s)"
    elif [[ -z ${MED_RPS[trident]:-} ]]; then
        local why=${STATUS[trident]:-}
        case $why in
            "skip:not built") why="trident: not built, skipped" ;;
            skip:*) why="Trident skipped: ${why#skip:}" ;;
            fail:*) why="Trident failed: ${why#fail:}" ;;
            *) why="Trident not measured" ;;
        esac
        echo "**$name: n/a** ($why)"
    else
        echo "**$name: n/a** (${LABEL[$id]} not measured)"
    fi
}
headline "trident/nginx" nginx
echo
headline "trident/nginx+php-fpm" fpm
echo
headline "trident/swoole (process modes)" swoole
# MODE_BASE against nginx and against Swoole's own SWOOLE_BASE.
headline_base() {
    local name=$1 id=$2
    if [[ -n ${MED_RPS[trident_base]:-} && -n ${MED_RPS[$id]:-} ]]; then
        echo "**$name: $(ratio "${MED_RPS[trident_base]}" "${MED_RPS[$id]}")** (req/s)"
    else
        echo "**$name: n/a** (not both measured)"
    fi
}
echo
headline_base "trident MODE_BASE/nginx" nginx
echo
headline_base "trident MODE_BASE/swoole SWOOLE_BASE" swoole_base

if ((${#WARN[@]})); then
    echo
    echo "Warnings:"
    for id in "${SERVERS[@]}"; do
        [[ -n ${WARN[$id]:-} ]] && echo "- ${LABEL[$id]}: ${WARN[$id]}"
    done
fi

rc=0
for id in "${SERVERS[@]}"; do
    [[ ${STATUS[$id]:-} == fail:* ]] && rc=1
done
exit $rc
