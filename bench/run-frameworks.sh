#!/usr/bin/env bash
# Framework benchmark: the JSON route of the Symfony and the Laravel example apps
# (examples/frameworks/) on Trident (long-lived workers, Trident\Symfony\Runtime and
# Trident\Laravel\Worker) vs nginx + php-fpm with opcache (the usual front controllers), in one run.
#
# Every server is started from a configuration written to a private temporary directory,
# warmed up, measured with wrk, and stopped again before the next one starts, so only one
# server is running at any time. Nothing outside the temporary directory is written except
# the example apps' caches under the system temporary directory.
#
# Usage:   bench/run-frameworks.sh        (nginx and php8.2-fpm: scripts/deps --bench)
# Tunables (environment variables, defaults in brackets):
#   DURATION [10]        seconds of each measured wrk run
#   WARMUP [3]           seconds of the un-measured warm-up run (0 disables it)
#   ROUNDS [1]           rounds; the servers are interleaved round by round and
#                        the median of each column is reported
#   WRK_THREADS [2]      wrk -t
#   WRK_CONNECTIONS [50] wrk -c
#   WORKERS [2]          php-fpm pm.max_children and Trident worker_num
#   PORT_FPM [18091], PORT_TRIDENT [18093]  preferred ports
#   PHP [php], TRIDENT_SO [<repo>/modules/trident.so], NGINX [nginx], PHP_FPM [php-fpm8.2], WRK [wrk]
#   START_TIMEOUT [20], STOP_TIMEOUT [10], BENCH_KEEP [0] as in run-http1.sh
#
# stdout carries only the markdown report; progress goes to stderr.
# Exit status: 0 when every server that was not skipped was measured,
# 1 when a server failed, 2 on a usage or environment error.

# shellcheck disable=SC2317  # functions are called indirectly (traps, "start_$id")
set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
WORKERS=${WORKERS:-2}
ROUNDS=${ROUNDS:-1}
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-50}
START_TIMEOUT=${START_TIMEOUT:-20}
STOP_TIMEOUT=${STOP_TIMEOUT:-10}
PORT_FPM=${PORT_FPM:-18091}
PORT_TRIDENT=${PORT_TRIDENT:-18093}
PHP=${PHP:-php}
TRIDENT_SO=${TRIDENT_SO:-$ROOT/modules/trident.so}
NGINX=${NGINX:-nginx}
PHP_FPM=${PHP_FPM:-php-fpm8.2}
WRK=${WRK:-wrk}
BENCH_KEEP=${BENCH_KEEP:-0}

APPS="$ROOT/examples/frameworks"
SERVERS=(sf_fpm sf_trident lv_fpm lv_trident)
declare -A LABEL=([sf_fpm]="Symfony, nginx + php-fpm" [sf_trident]="Symfony, Trident"
                  [lv_fpm]="Laravel, nginx + php-fpm" [lv_trident]="Laravel, Trident")
# The JSON route of each app, and the start of its body (checked before measuring).
declare -A URLPATH=([sf_fpm]=/json [sf_trident]=/json [lv_fpm]=/api/json [lv_trident]=/api/json)
declare -A EXPECT=([sf_fpm]='{"hello":"world"' [sf_trident]='{"hello":"world"' [lv_fpm]='{"hello":"world"' [lv_trident]='{"hello":"world"')
# Extensions the apps need on Trident, which runs php -n (php-fpm loads Debian's conf.d).
TRIDENT_EXT=(-d extension=ctype -d extension=mbstring -d extension=iconv -d extension=tokenizer)

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 2; }

for v in DURATION WARMUP ROUNDS WRK_THREADS WRK_CONNECTIONS START_TIMEOUT STOP_TIMEOUT \
         PORT_FPM PORT_TRIDENT WORKERS; do
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
pick_port sf_fpm "$PORT_FPM"
pick_port sf_trident "$PORT_TRIDENT"
pick_port lv_fpm "$((PORT_FPM + 10))"
pick_port lv_trident "$((PORT_TRIDENT + 10))"

# ---------------------------------------------------------------------------
# Server configurations
# ---------------------------------------------------------------------------

# Each start_* function fills ROOTS (root pids whose trees are measured) and
# LOGS (files shown when something goes wrong), or sets FAIL_REASON and
# returns 1 (SKIP_REASON instead when the server is simply unavailable).

start_fpm_app() {
    # php-fpm (opcache on) behind nginx running the app's front controller $3 for every path;
    # $4: extra fastcgi_param lines.
    local dir=$1 port=$2 script=$3 extra=${4:-} user_lines="" deadline
    [[ -n $NGINX_BIN ]] || { SKIP_REASON="nginx not installed (scripts/deps --bench)"; return 1; }
    [[ -n $PHP_FPM_BIN ]] || { SKIP_REASON="php-fpm not installed (scripts/deps --bench)"; return 1; }
    mkdir -p "$dir/logs"
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
pm.max_children = $WORKERS
pm.max_requests = 0
php_admin_value[opcache.enable] = 1
php_admin_value[opcache.validate_timestamps] = 0
php_admin_value[opcache.memory_consumption] = 128
php_admin_value[error_reporting] = 24575
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
            fastcgi_param SCRIPT_FILENAME $script;
            fastcgi_param SCRIPT_NAME /index.php;
            fastcgi_param QUERY_STRING \$query_string;
            fastcgi_param REQUEST_METHOD \$request_method;
            fastcgi_param CONTENT_TYPE \$content_type;
            fastcgi_param CONTENT_LENGTH \$content_length;
            fastcgi_param REQUEST_URI \$request_uri;
            fastcgi_param DOCUMENT_URI \$document_uri;
            fastcgi_param DOCUMENT_ROOT $(dirname "$script");
            fastcgi_param SERVER_PROTOCOL \$server_protocol;
            fastcgi_param GATEWAY_INTERFACE CGI/1.1;
            fastcgi_param SERVER_SOFTWARE nginx;
            fastcgi_param REMOTE_ADDR \$remote_addr;
            fastcgi_param REMOTE_PORT \$remote_port;
            fastcgi_param SERVER_ADDR \$server_addr;
            fastcgi_param SERVER_PORT \$server_port;
            fastcgi_param SERVER_NAME \$server_name;
            fastcgi_param HTTP_HOST \$host;
$extra"
    launch_nginx "$dir"
    ROOTS+=("$STARTED_PID")
}

start_sf_fpm() {
    # Symfony's own runtime under FPM (the library's symfony-runtime.php defaults to Trident's).
    start_fpm_app "$1" "$2" "$APPS/symfony/public/index.php" \
        "            fastcgi_param APP_RUNTIME Symfony\\\\Component\\\\Runtime\\\\SymfonyRuntime;
            fastcgi_param APP_ENV prod;
            fastcgi_param APP_DEBUG 0;"
}

start_lv_fpm() {
    start_fpm_app "$1" "$2" "$APPS/laravel/public/index.php"
}

start_trident_app() {
    # Trident running the PHP script $3 (port as its argument) with the environment after it.
    local dir=$1 port=$2 script=$3
    shift 3
    [[ -f $TRIDENT_SO ]] || { SKIP_REASON="not built"; return 1; }
    [[ -n $PHP_BIN ]] || { SKIP_REASON="php binary '$PHP' not found"; return 1; }
    mkdir -p "$dir/logs"
    LOGS=("$dir/logs/trident.out")
    env "$@" "$PHP_BIN" -n "${TRIDENT_EXT[@]}" -d "extension=$TRIDENT_SO" -d error_reporting=24575 "$script" "$port" \
        >"$dir/logs/trident.out" 2>&1 </dev/null &
    STARTED_PID=$!
    STARTED[$STARTED_PID]=1
    ROOTS=("$STARTED_PID")
}

start_sf_trident() {
    start_trident_app "$1" "$2" "$APPS/symfony/public/index.php" 'APP_RUNTIME=Trident\Symfony\Runtime' \
        APP_ENV=prod APP_DEBUG=0 TRIDENT_HOST=127.0.0.1 TRIDENT_PORT="$2" TRIDENT_WORKERS="$WORKERS"
}

start_lv_trident() {
    start_trident_app "$1" "$2" "$APPS/laravel/server.php" TRIDENT_HOST=127.0.0.1 TRIDENT_WORKERS="$WORKERS"
}

# Wait until the port gives an HTTP answer; fail early when a root process died.
wait_ready() {
    local port=$1 deadline=$((SECONDS + START_TIMEOUT)) r
    while :; do
        curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port${CUR_PATH}" && return 0
        for r in "${ROOTS[@]}"; do
            any_alive "$r" || { FAIL_REASON="process $r exited during startup"; return 1; }
        done
        ((SECONDS >= deadline)) && { FAIL_REASON="no answer on port $port within ${START_TIMEOUT}s"; return 1; }
        sleep 0.2
    done
}

# The JSON route must answer 200 with the app's JSON.
verify_response() {
    local port=$1 dir=$2 code
    code=$(curl -s --max-time 10 -o "$dir/check.body" -w '%{http_code}' "http://127.0.0.1:$port${CUR_PATH}") || code="curl-error"
    if [[ $code != 200 ]]; then
        FAIL_REASON="GET $CUR_PATH answered $code instead of 200"
        return 1
    fi
    if [[ $(head -c ${#CUR_EXPECT} "$dir/check.body") != "$CUR_EXPECT" ]]; then
        FAIL_REASON="GET $CUR_PATH body does not start with $CUR_EXPECT: $(head -c 200 "$dir/check.body")"
        return 1
    fi
}

# Run wrk in the background (so signals reach the trap at once) with a hard bound.
run_wrk() {
    local out=$1 seconds=$2 port=$3 rc
    timeout -k 5 $((seconds + 30)) "$WRK_BIN" -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${seconds}s" \
        --latency "http://127.0.0.1:$port${CUR_PATH}" >"$out" 2>&1 </dev/null &
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
    CUR_PATH=${URLPATH[$id]} CUR_EXPECT=${EXPECT[$id]}
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
echo "## Frameworks: JSON route, Trident vs nginx + php-fpm"
echo
echo "- apps: examples/frameworks/symfony (Symfony 5.4 micro-kernel, \`GET /json\`, prod, no debug) and examples/frameworks/laravel (Laravel 8, \`GET /api/json\`), on Debian 12's packages"
echo "- load: \`wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${DURATION}s --latency\`, HTTP/1.1 keep-alive, warm-up ${WARMUP}s, rounds: $ROUNDS (median of each column)"
echo "- host: $(nproc) CPUs${cpu_model:+ ($cpu_model)}, Linux $(uname -r); wrk runs on the same CPUs"
[[ -n $NGINX_BIN ]] && echo "- $(version_of "$NGINX_BIN" -v), worker_processes 2, access_log off"
[[ -n $PHP_FPM_BIN ]] && echo "- $(version_of "$PHP_FPM_BIN" -v), pm=static, pm.max_children=$WORKERS, opcache.enable=1, validate_timestamps=0"
if [[ -f $TRIDENT_SO && -n $PHP_BIN ]]; then
    echo "- Trident: $TRIDENT_SO on $(version_of "$PHP_BIN" -n -v), worker_num=$WORKERS (Symfony: Trident\\Symfony\\Runtime with its kernel pool; Laravel: Trident\\Laravel\\Worker)"
fi
echo

echo "| app | server | req/s | p99 | CPU µs/req |"
echo "|---|---|---:|---:|---:|"
for id in "${SERVERS[@]}"; do
    st=${STATUS[$id]:-}
    app=${LABEL[$id]%%,*} srv=${LABEL[$id]#*, }
    if [[ -n ${MED_RPS[$id]:-} ]]; then
        printf '| %s | %s | %.0f | %.2f ms | %.1f |\n' "$app" "$srv" "${MED_RPS[$id]}" "${MED_P99[$id]}" "${MED_CPU[$id]}"
    elif [[ $st == skip:* ]]; then
        printf '| %s | %s | skipped: %s | - | - |\n' "$app" "$srv" "${st#skip:}"
    else
        printf '| %s | %s | FAILED: %s | - | - |\n' "$app" "$srv" "${st#fail:}"
    fi
done
echo

headline() {
    local name=$1 t=$2 f=$3
    if [[ -n ${MED_RPS[$t]:-} && -n ${MED_RPS[$f]:-} ]]; then
        echo "**$name: Trident $(ratio "${MED_RPS[$t]}" "${MED_RPS[$f]}") the req/s of nginx + php-fpm**"
    else
        echo "**$name: n/a** (not both measured)"
    fi
}
headline Symfony sf_trident sf_fpm
echo
headline Laravel lv_trident lv_fpm

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
