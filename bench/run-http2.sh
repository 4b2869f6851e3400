#!/usr/bin/env bash
# HTTP/2 "hello world" benchmark: Trident vs nginx over h2c (cleartext HTTP/2 with
# prior knowledge), optionally also over TLS (h2 negotiated by ALPN).
#
# Same structure and conventions as run-http1.sh: every server is started from
# a configuration written to a private temporary directory, checked, measured
# with h2load, and stopped again before the next one starts, so only one server
# is running at any time. Nothing outside the temporary directory is written.
#
# Usage:   bench/run-http2.sh
# Tunables (environment variables, defaults in brackets):
#   DURATION [10]        seconds of each measured h2load run (h2load -D)
#   WARMUP [2]           seconds of h2load's un-measured warm-up (--warm-up-time; 0 disables it)
#   ROUNDS [1]           rounds; the servers are interleaved round by round and
#                        the median of each column is reported
#   H2_CLIENTS [32]      h2load -c (connections)
#   H2_STREAMS [10]      h2load -m (concurrent streams per connection)
#   H2_THREADS [1]       h2load -t
#   PORT_NGINX [28081], PORT_TRIDENT [28082]            h2c ports
#   PORT_NGINX_TLS [28083], PORT_TRIDENT_TLS [28084]    TLS ports (TRIDENT_TLS=1 only)
#                        preferred ports; a busy port is replaced by the next free one
#   TRIDENT_TLS [0]      1 also measures h2 over TLS (self-signed certificate made with openssl)
#   PHP [php]            php CLI binary used to run Trident
#   TRIDENT_SO [<repo>/modules/trident.so]  the Trident extension
#   NGINX [nginx], H2LOAD [h2load], OPENSSL [openssl]  other binaries
#   START_TIMEOUT [15]   seconds to wait for a server to answer
#   STOP_TIMEOUT [10]    seconds to wait for a server to exit before SIGKILL
#   BENCH_KEEP [0]       1 keeps the temporary directory (configs, logs, raw h2load output)
#
# stdout carries only the markdown report; progress goes to stderr.
# Exit status: 0 when every server that was not skipped was measured without
# errors, 1 when a server failed (or h2load reported failed requests), 2 on a
# usage or environment error.

# shellcheck disable=SC2317  # functions are called indirectly (traps, "start_$id")
set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
ROUNDS=${ROUNDS:-1}
H2_CLIENTS=${H2_CLIENTS:-32}
H2_STREAMS=${H2_STREAMS:-10}
H2_THREADS=${H2_THREADS:-1}
START_TIMEOUT=${START_TIMEOUT:-15}
STOP_TIMEOUT=${STOP_TIMEOUT:-10}
PORT_NGINX=${PORT_NGINX:-28081}
PORT_TRIDENT=${PORT_TRIDENT:-28082}
PORT_NGINX_TLS=${PORT_NGINX_TLS:-28083}
PORT_TRIDENT_TLS=${PORT_TRIDENT_TLS:-28084}
PORT_TRIDENT_BASE=${PORT_TRIDENT_BASE:-28085}
PORT_TRIDENT_BASE_TLS=${PORT_TRIDENT_BASE_TLS:-28086}
TRIDENT_TLS=${TRIDENT_TLS:-0}
PHP=${PHP:-php}
TRIDENT_SO=${TRIDENT_SO:-$ROOT/modules/trident.so}
NGINX=${NGINX:-nginx}
H2LOAD=${H2LOAD:-h2load}
OPENSSL=${OPENSSL:-openssl}
BENCH_KEEP=${BENCH_KEEP:-0}

HELLO_SERVER="$ROOT/bench/hello-server.php"
SERVERS=(nginx trident trident_base)     # the TLS rows are appended by tls_variant_setup
declare -A LABEL=([nginx]="nginx (h2c)" [trident]="Trident (h2c)" [trident_base]="Trident MODE_BASE (h2c)"
                  [nginx_tls]="nginx (h2, TLS)" [trident_tls]="Trident (h2, TLS)" [trident_base_tls]="Trident MODE_BASE (h2, TLS)")
declare -A SCHEME=([nginx]=http [trident]=http [trident_base]=http [nginx_tls]=https [trident_tls]=https [trident_base_tls]=https)
# Trident row -> its nginx row
declare -A PEER=([trident]=nginx [trident_tls]=nginx_tls [trident_base]=nginx [trident_base_tls]=nginx_tls)

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 2; }

for v in DURATION WARMUP ROUNDS H2_CLIENTS H2_STREAMS H2_THREADS START_TIMEOUT STOP_TIMEOUT \
         PORT_NGINX PORT_TRIDENT PORT_NGINX_TLS PORT_TRIDENT_TLS PORT_TRIDENT_BASE PORT_TRIDENT_BASE_TLS; do
    [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a non-negative integer (got '${!v}')"
done
((DURATION >= 1)) || die "DURATION must be at least 1"
((ROUNDS >= 1)) || die "ROUNDS must be at least 1"
((H2_THREADS >= 1 && H2_CLIENTS >= H2_THREADS && H2_STREAMS >= 1)) ||
    die "need H2_THREADS >= 1, H2_CLIENTS >= H2_THREADS and H2_STREAMS >= 1"
[[ $TRIDENT_TLS == 0 || $TRIDENT_TLS == 1 ]] || die "TRIDENT_TLS must be 0 or 1 (got '$TRIDENT_TLS')"

# Resolve a binary from PATH, falling back to the sbin directories that a
# non-login shell may lack (nginx lives in /usr/sbin on Debian).
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

H2LOAD_BIN=$(resolve_bin "$H2LOAD") || die "h2load not found (apt-get install nghttp2-client)"
"$H2LOAD_BIN" --help 2>&1 | grep -q -- '--duration' ||
    die "$H2LOAD_BIN has no -D/--duration (need nghttp2 >= 1.33)"
command -v curl >/dev/null || die "curl not found (apt-get install curl)"
curl -V 2>/dev/null | grep -qw HTTP2 || die "curl has no HTTP/2 support (needed to check the answers)"
command -v pgrep >/dev/null || die "pgrep not found (apt-get install procps)"
command -v timeout >/dev/null || die "timeout not found (apt-get install coreutils)"
STDBUF=$(command -v stdbuf 2>/dev/null) || STDBUF=""
NGINX_BIN=$(resolve_bin "$NGINX") || NGINX_BIN=""
PHP_BIN=$(resolve_bin "$PHP") || PHP_BIN=""

BENCH_TMP_PREFIX=trident-bench-h2
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pick_port nginx "$PORT_NGINX"
pick_port trident "$PORT_TRIDENT"
pick_port trident_base "$PORT_TRIDENT_BASE"

# ---------------------------------------------------------------------------
# TLS variant (h2 over TLS, ALPN) -- the place to switch it on by default once
# the build is known to support TLS. Until then it runs only with TRIDENT_TLS=1;
# otherwise the report says "TLS: not available in this build".
# Trident gets 'ssl_cert_file'/'ssl_key_file' (hello-server.php PORT h2 CERT KEY),
# nginx `listen 127.0.0.1:PORT ssl http2;`, both the same self-signed certificate.
# ---------------------------------------------------------------------------

TLS_NOTE=""
TLS_CERT="$BENCH_TMP/tls/cert.pem"
TLS_KEY="$BENCH_TMP/tls/key.pem"
tls_variant_setup() {
    if [[ $TRIDENT_TLS != 1 ]]; then
        TLS_NOTE="TLS: not available in this build"
        log "$TLS_NOTE (set TRIDENT_TLS=1 to measure h2 over TLS)"
        return 0
    fi
    local openssl_bin
    openssl_bin=$(resolve_bin "$OPENSSL") || die "TRIDENT_TLS=1 needs openssl (apt-get install openssl)"
    mkdir -p "$BENCH_TMP/tls"
    # P-256 key: cheap handshakes, so the numbers are about HTTP/2 and not RSA.
    if ! "$openssl_bin" req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
            -keyout "$TLS_KEY" -out "$TLS_CERT" -days 2 -subj "/CN=127.0.0.1" \
            -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
            >"$BENCH_TMP/tls/openssl.out" 2>&1; then
        sed 's/^/[bench]   /' "$BENCH_TMP/tls/openssl.out" >&2
        die "openssl req could not make a self-signed certificate"
    fi
    pick_port nginx_tls "$PORT_NGINX_TLS"
    pick_port trident_tls "$PORT_TRIDENT_TLS"
    pick_port trident_base_tls "$PORT_TRIDENT_BASE_TLS"
    SERVERS+=(nginx_tls trident_tls trident_base_tls)
}

start_nginx_tls() {
    local dir=$1 port=$2
    [[ -n $NGINX_BIN ]] || { SKIP_REASON="nginx not installed (apt-get install nginx)"; return 1; }
    write_nginx_conf "$dir" "$port" "ssl http2" '            return 200 "Hello, World!\n";' \
        "        ssl_certificate $TLS_CERT;
        ssl_certificate_key $TLS_KEY;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:bench:1m;"
    LOGS=("$dir/logs/nginx.out" "$dir/logs/error.log")
    launch_nginx "$dir"
    ROOTS=("$STARTED_PID")
}

start_trident_tls() {
    launch_trident "$1" "$2" "$TLS_CERT" "$TLS_KEY"
}
start_trident_base_tls() {
    TRIDENT_MODE=base launch_trident "$1" "$2" "$TLS_CERT" "$TLS_KEY"
}

tls_variant_setup

# ---------------------------------------------------------------------------
# Server configurations
# ---------------------------------------------------------------------------

# Start hello-server.php in h2 mode on $2 (TLS when $3/$4 name a cert and key).
launch_trident() {
    local dir=$1 port=$2
    shift 2
    [[ -f $TRIDENT_SO ]] || { SKIP_REASON="not built"; return 1; }
    [[ -n $PHP_BIN ]] || { SKIP_REASON="php binary '$PHP' not found"; return 1; }
    mkdir -p "$dir/logs"
    LOGS=("$dir/logs/trident.out")
    TRIDENT_BENCH_MODE=${TRIDENT_MODE:-process} "$PHP_BIN" -n -d "extension=$TRIDENT_SO" "$HELLO_SERVER" "$port" h2 "$@" \
        >"$dir/logs/trident.out" 2>&1 </dev/null &
    STARTED_PID=$!
    STARTED[$STARTED_PID]=1
    ROOTS=("$STARTED_PID")
}

# Each start_* function fills ROOTS (root pids whose trees are measured) and
# LOGS (files shown when something goes wrong), or sets FAIL_REASON and
# returns 1 (SKIP_REASON instead when the server is simply unavailable).

start_nginx() {
    local dir=$1 port=$2
    [[ -n $NGINX_BIN ]] || { SKIP_REASON="nginx not installed (apt-get install nginx)"; return 1; }
    write_nginx_conf "$dir" "$port" "http2" '            return 200 "Hello, World!\n";'
    LOGS=("$dir/logs/nginx.out" "$dir/logs/error.log")
    launch_nginx "$dir"
    ROOTS=("$STARTED_PID")
}

start_trident() {
    launch_trident "$1" "$2"
}
start_trident_base() {
    TRIDENT_MODE=base launch_trident "$1" "$2"
}

# curl speaking HTTP/2 to server $1: prior knowledge on h2c, ALPN on TLS
# (-k: the certificate is self-signed). Remaining arguments go to curl.
curl_h2() {
    local id=$1
    shift
    if [[ ${SCHEME[$id]} == https ]]; then
        curl -s -k --http2 "$@" "https://127.0.0.1:${PORT[$id]}/"
    else
        curl -s --http2-prior-knowledge "$@" "http://127.0.0.1:${PORT[$id]}/"
    fi
}

# Wait until the port gives an HTTP/2 answer; fail early when a root process died.
wait_ready() {
    local id=$1 deadline=$((SECONDS + START_TIMEOUT)) r
    while :; do
        curl_h2 "$id" -o /dev/null --max-time 1 && return 0
        for r in "${ROOTS[@]}"; do
            any_alive "$r" || { FAIL_REASON="process $r exited during startup"; return 1; }
        done
        ((SECONDS >= deadline)) && { FAIL_REASON="no answer on port ${PORT[$id]} within ${START_TIMEOUT}s"; return 1; }
        sleep 0.2
    done
}

# The server must answer GET / over HTTP/2 with 200 and exactly the hello-world body.
verify_response() {
    local id=$1 dir=$2 got code ver
    got=$(curl_h2 "$id" --max-time 5 -o "$dir/check.body" -w '%{http_code} %{http_version}') || got="curl-error"
    code=${got%% *} ver=${got#* }
    if [[ $code != 200 ]]; then
        FAIL_REASON="GET / over HTTP/2 answered $got instead of 200"
        return 1
    fi
    if [[ $ver != 2 ]]; then
        FAIL_REASON="GET / was answered over HTTP/$ver, not HTTP/2"
        return 1
    fi
    if ! cmp -s "$dir/check.body" "$BENCH_TMP/expected.body"; then
        FAIL_REASON="GET / body is not \"Hello, World!\\n\""
        return 1
    fi
}

# Start h2load in the background (so signals reach the trap at once) with a
# hard bound; stdout line-buffered so the phase messages can be followed.
start_h2load() {
    local out=$1 url=$2
    local -a args=(-t"$H2_THREADS" -c"$H2_CLIENTS" -m"$H2_STREAMS" -D "$DURATION")
    ((WARMUP > 0)) && args+=(--warm-up-time="$WARMUP")
    H2LOAD_CMD="h2load ${args[*]}"
    if [[ -n $STDBUF ]]; then
        timeout -k 5 $((WARMUP + DURATION + 30)) "$STDBUF" -oL "$H2LOAD_BIN" "${args[@]}" "$url" \
            >"$out" 2>&1 </dev/null &
    else
        timeout -k 5 $((WARMUP + DURATION + 30)) "$H2LOAD_BIN" "${args[@]}" "$url" \
            >"$out" 2>&1 </dev/null &
    fi
    LOAD_PID=$!
}

# Wait until every h2load thread has left its warm-up ("Main benchmark duration
# is started for thread #N."), so the CPU counters cover the measured phase only.
# Returns 1 when the messages did not come (h2load exited, or no line buffering).
wait_main_phase() {
    local out=$1 deadline=$((SECONDS + WARMUP + 10)) n
    while :; do
        n=$(grep -c '^Main benchmark duration is started' "$out" 2>/dev/null)
        ((${n:-0} >= H2_THREADS)) && return 0
        any_alive "$LOAD_PID" || return 1
        ((SECONDS >= deadline)) && return 1
        sleep 0.02
    done
}



# ---------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------

declare -A STATUS=()     # ""=ok so far, "skip:<reason>", "fail:<reason>"
declare -A RPS=() MEAN=() MAX=() ERRS=() CPU=() WARN=()
H2LOAD_CMD=""

measure() {
    local id=$1 round=$2 port=${PORT[$1]} dir="$BENCH_TMP/$1-r$2"
    local url="${SCHEME[$1]}://127.0.0.1:${PORT[$1]}/"
    local -a before_pids after_pids
    local t0 t1 out r r2 rps done_n succeeded failed errored timedout non2xx errs
    local mean_raw max_raw mean max cpu
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

    if ! wait_ready "$id" || ! verify_response "$id" "$dir"; then
        STATUS[$id]="fail:$FAIL_REASON"
        log "${LABEL[$id]}: FAILED: $FAIL_REASON"
        show_logs "${LOGS[@]}"
        for r in "${ROOTS[@]}"; do stop_tree "$r"; done
        return 1
    fi
    log "round $round/$ROUNDS ${LABEL[$id]}: GET $url over HTTP/2 -> 200 \"Hello, World!\\n\""

    out="$dir/h2load.txt"
    log "round $round/$ROUNDS ${LABEL[$id]}: h2load warm-up ${WARMUP}s, measuring ${DURATION}s"
    start_h2load "$out" "$url"
    if ((WARMUP > 0)) && ! wait_main_phase "$out"; then
        WARN[$id]="${WARN[$id]:+${WARN[$id]}; }round $round: h2load's end of warm-up was not seen, CPU includes part of the warm-up"
    fi
    mapfile -t before_pids < <(tree_pids "${ROOTS[@]}")
    t0=$(cpu_ticks "${before_pids[@]}")
    wait "$LOAD_PID"
    r=$?
    LOAD_PID=""
    mapfile -t after_pids < <(tree_pids "${ROOTS[@]}")
    t1=$(cpu_ticks "${after_pids[@]}")

    for r2 in "${ROOTS[@]}"; do
        stop_tree "$r2" ||
            WARN[$id]="${WARN[$id]:+${WARN[$id]}; }round $round: pid $r2 ignored SIGTERM for ${STOP_TIMEOUT}s and was killed"
    done

    # finished in 5.00s, 123456.78 req/s, 4.12MB/s
    # requests: N total, N started, N done, N succeeded, N failed, N errored, N timeout
    # status codes: N 2xx, N 3xx, N 4xx, N 5xx
    #                      min         max         mean         sd        +/- sd
    # time for request:    123us     12.34ms      1.23ms       456us    78.90%
    rps=$(awk '/^finished in / { print $4; exit }' "$out")
    read -r done_n succeeded failed errored timedout < <(awk '/^requests: / {
        for (i = 2; i < NF; i += 2) v[$(i + 1)] = $i
        print v["done,"] + 0, v["succeeded,"] + 0, v["failed,"] + 0, v["errored,"] + 0, v["timeout"] + 0; exit }' "$out")
    non2xx=$(awk '/^status codes: / { print $5 + $7 + $9; exit }' "$out")
    read -r mean_raw max_raw < <(awk '/^time for request:/ { print $6, $5; exit }' "$out")
    mean=$(to_ms "${mean_raw:-}" 2>/dev/null) || mean=""
    max=$(to_ms "${max_raw:-}" 2>/dev/null) || max=""
    if ((r != 0)) || [[ -z $rps || -z ${done_n:-} || -z $non2xx || -z $mean || -z $max ]] || ((done_n == 0)); then
        STATUS[$id]="fail:h2load failed (exit $r)"
        log "${LABEL[$id]}: FAILED: h2load exit $r, output:"
        sed 's/^/[bench]   /' "$out" >&2
        return 1
    fi
    # "failed" already counts "errored" and answers that were not 2xx/3xx;
    # timeouts and 3xx-5xx answers are added so that nothing is missed.
    errs=$((failed + timedout))
    ((non2xx > errs)) && errs=$non2xx
    cpu=$(awk -v d=$((t1 - t0)) -v hz="$CLK_TCK" -v n="$done_n" 'BEGIN { printf "%.3f\n", d * 1e6 / hz / n }')

    if [[ "${before_pids[*]}" != "${after_pids[*]}" ]]; then
        WARN[$id]="${WARN[$id]:+${WARN[$id]}; }round $round: process set changed during the run (${#before_pids[@]} -> ${#after_pids[@]}), CPU of unreaped exited processes is missing"
    fi

    RPS[$id]="${RPS[$id]:-} $rps"
    MEAN[$id]="${MEAN[$id]:-} $mean"
    MAX[$id]="${MAX[$id]:-} $max"
    CPU[$id]="${CPU[$id]:-} $cpu"
    ERRS[$id]=$((${ERRS[$id]:-0} + errs))
    log "round $round/$ROUNDS ${LABEL[$id]}: $rps req/s, mean $mean_raw, max $max_raw, $done_n done, $succeeded succeeded, $failed failed, $errored errored, $timedout timeout, $non2xx non-2xx, CPU $(awk -v d=$((t1 - t0)) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", d / hz }') s -> $cpu us/req"
    [[ ${SCHEME[$id]} == https ]] &&
        log "round $round/$ROUNDS ${LABEL[$id]}: $(grep -E '^(TLS Protocol|Cipher|Application protocol):' "$out" | paste -sd ',' - | sed 's/,/, /g')"
    if ((errs > 0)); then
        STATUS[$id]="fail:h2load reported $errs failed requests (round $round)"
        log "${LABEL[$id]}: FAILED: h2load reported errors:"
        grep -E '^(requests|status codes):' "$out" | sed 's/^/[bench]   /' >&2
        show_logs "${LOGS[@]}"
        return 1
    fi
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

declare -A MED_RPS=() MED_MEAN=() MED_MAX=() MED_CPU=()
for id in "${SERVERS[@]}"; do
    [[ -z ${STATUS[$id]:-} && -n ${RPS[$id]:-} ]] || continue
    # shellcheck disable=SC2086  # word splitting of the value lists is intended
    MED_RPS[$id]=$(median ${RPS[$id]})
    # shellcheck disable=SC2086
    MED_MEAN[$id]=$(median ${MEAN[$id]})
    # shellcheck disable=SC2086
    MED_MAX[$id]=$(median ${MAX[$id]})
    # shellcheck disable=SC2086
    MED_CPU[$id]=$(median ${CPU[$id]})
done

cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
if [[ $TRIDENT_TLS == 1 ]]; then
    echo "## HTTP/2 hello world (h2c with prior knowledge, and h2 over TLS)"
else
    echo "## HTTP/2 hello world (h2c, prior knowledge)"
fi
echo
echo "- load: \`${H2LOAD_CMD:-h2load -t$H2_THREADS -c$H2_CLIENTS -m$H2_STREAMS -D $DURATION} URL\` ($(version_of "$H2LOAD_BIN" --version)), rounds: $ROUNDS (median of each column; errors summed)"
echo "- host: $(nproc) CPUs${cpu_model:+ ($cpu_model)}, Linux $(uname -r); h2load runs on the same CPUs"
[[ -n $NGINX_BIN ]] && echo "- $(version_of "$NGINX_BIN" -v), worker_processes 2, access_log off, \`listen 127.0.0.1:PORT http2\`"
if [[ -f $TRIDENT_SO && -n $PHP_BIN ]]; then
    echo "- Trident: $TRIDENT_SO on $(version_of "$PHP_BIN" -n -v), worker_num=2, reactor_num=2, open_http2_protocol=true"
fi
[[ $TRIDENT_TLS == 1 ]] && echo "- TLS rows: h2 by ALPN, self-signed P-256 certificate, nginx \`listen ... ssl http2\`"
echo
[[ ${STATUS[trident]:-} == "skip:not built" ]] && { echo "trident: not built, skipped"; echo; }

echo "| server | req/s | mean latency | max latency | errors | CPU µs/req | Trident/nginx |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for id in "${SERVERS[@]}"; do
    st=${STATUS[$id]:-}
    if [[ -n ${MED_RPS[$id]:-} ]]; then
        tr="-"
        if [[ -n ${PEER[$id]:-} ]]; then
            if [[ -n ${MED_RPS[${PEER[$id]}]:-} ]]; then tr=$(ratio "${MED_RPS[$id]}" "${MED_RPS[${PEER[$id]}]}"); else tr="n/a"; fi
        fi
        printf '| %s | %.0f | %.2f ms | %.2f ms | %d | %.1f | %s |\n' "${LABEL[$id]}" \
            "${MED_RPS[$id]}" "${MED_MEAN[$id]}" "${MED_MAX[$id]}" "${ERRS[$id]:-0}" "${MED_CPU[$id]}" "$tr"
    elif [[ $st == skip:* ]]; then
        printf '| %s | skipped: %s | - | - | - | - | - |\n' "${LABEL[$id]}" "${st#skip:}"
    else
        printf '| %s | FAILED: %s | - | - | - | - | - |\n' "${LABEL[$id]}" "${st#fail:}"
    fi
done
echo

headline() {
    local name=$1 tid=$2 nid=$3
    if [[ -n ${MED_RPS[$tid]:-} && -n ${MED_RPS[$nid]:-} ]]; then
        echo "**$name: $(ratio "${MED_RPS[$tid]}" "${MED_RPS[$nid]}")** (req/s; CPU µs/req $(ratio "${MED_CPU[$tid]}" "${MED_CPU[$nid]}") of nginx's, lower is better)"
    elif [[ -z ${MED_RPS[$tid]:-} ]]; then
        local why=${STATUS[$tid]:-}
        case $why in
            "skip:not built") why="trident: not built, skipped" ;;
            skip:*) why="Trident skipped: ${why#skip:}" ;;
            fail:*) why="Trident failed: ${why#fail:}" ;;
            *) why="Trident not measured" ;;
        esac
        echo "**$name: n/a** ($why)"
    else
        echo "**$name: n/a** (${LABEL[$nid]} not measured)"
    fi
}
headline "trident/nginx h2c" trident nginx
echo
headline "trident MODE_BASE/nginx h2c" trident_base nginx
echo
if [[ $TRIDENT_TLS == 1 ]]; then
    headline "trident/nginx h2 over TLS" trident_tls nginx_tls
    echo
    headline "trident MODE_BASE/nginx h2 over TLS" trident_base_tls nginx_tls
else
    echo "$TLS_NOTE"
fi

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
