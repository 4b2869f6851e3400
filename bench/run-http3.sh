#!/usr/bin/env bash
# HTTP/3 "hello world" benchmark: Trident over HTTP/3 against caddy and gtlsserver (ngtcp2's
# example server) over HTTP/3, and against Trident's own HTTP/2 over TLS, all on 127.0.0.1 with
# the same client parameters (connections, streams per connection, threads, duration).
#
# Same structure and conventions as run-http2.sh: every server is started from a configuration
# written to a private temporary directory, checked, measured, and stopped again before the next
# one starts, so only one server runs at any time. Nothing outside the temporary directory is
# written, except bench/h3load/h3load, which is built when missing or older than its source.
#
#   caddy (h3)        caddy, `respond "Hello, World!\n"`, self-signed certificate, protocols h1 h2 h3
#   gtlsserver (h3)   ngtcp2's GnuTLS example server serving a file with "Hello, World!\n"
#   Trident (h2, TLS) bench/hello-server.php PORT h2 CERT KEY, load from h2load
#   Trident (h3)      the same server with HTTP/3 on the TLS port (UDP, same number); the script
#                     sets TRIDENT_BENCH_H3=1 in its environment and hello-server.php is expected
#                     to add 'open_http3_protocol' => true when it sees it. When the server gives
#                     no HTTP/3 answer the row reads "trident h3: unavailable" (not a failure).
# HTTP/3 load comes from bench/h3load/h3load (Debian's h2load has no HTTP/3).
#
# Usage:   bench/run-http3.sh
# Tunables (environment variables, defaults in brackets):
#   DURATION [10]        seconds of each measured run (-D)
#   WARMUP [2]           seconds of un-measured warm-up before it (0 disables it)
#   ROUNDS [1]           rounds; the servers are interleaved round by round and the median of
#                        each column is reported
#   CLIENTS [32]         connections (-c), STREAMS [10] concurrent streams per connection (-m),
#   THREADS [1]          client threads (-t); the same for h3load and h2load
#   PORT_CADDY [28091], PORT_GTLS [28092], PORT_TRIDENT_H2 [28093], PORT_TRIDENT_H3 [28094]
#                        preferred ports (TCP and UDP); a busy one is replaced by the next free one
#   PHP [php], TRIDENT_SO [<repo>/modules/trident.so], HELLO_SERVER [<repo>/bench/hello-server.php]
#   CADDY [caddy], GTLSSERVER [gtlsserver], H2LOAD [h2load], OPENSSL [openssl]
#   H3LOAD [<repo>/bench/h3load/h3load]  (built with bench/h3load/build.sh when it is the default)
#   START_TIMEOUT [15]   seconds to wait for a server to answer
#   H3_PROBE_TIMEOUT [5] seconds Trident gets to answer over HTTP/3 once it answers over TCP
#   STOP_TIMEOUT [10]    seconds to wait for a server to exit before SIGKILL
#   BENCH_KEEP [0]       1 keeps the temporary directory (configs, logs, raw load output)
# With the defaults one round takes about a minute (4 servers x (2 s + 10 s + start/stop)).
#
# stdout carries only the markdown report; progress goes to stderr.
# Exit status: 0 when every server that was not skipped was measured without errors, 1 when a
# server failed (or the load generator reported failed requests), 2 on a usage or environment error.

# shellcheck disable=SC2317  # functions are called indirectly (traps, "start_$id")
# shellcheck disable=SC2034  # STARTED, LOAD_PID belong to lib.sh (cleanup)
set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
ROUNDS=${ROUNDS:-1}
CLIENTS=${CLIENTS:-32}
STREAMS=${STREAMS:-10}
THREADS=${THREADS:-1}
START_TIMEOUT=${START_TIMEOUT:-15}
H3_PROBE_TIMEOUT=${H3_PROBE_TIMEOUT:-5}
STOP_TIMEOUT=${STOP_TIMEOUT:-10}
PORT_CADDY=${PORT_CADDY:-28091}
PORT_GTLS=${PORT_GTLS:-28092}
PORT_TRIDENT_H2=${PORT_TRIDENT_H2:-28093}
PORT_TRIDENT_H3=${PORT_TRIDENT_H3:-28094}
PHP=${PHP:-php}
TRIDENT_SO=${TRIDENT_SO:-$ROOT/modules/trident.so}
HELLO_SERVER=${HELLO_SERVER:-$ROOT/bench/hello-server.php}
CADDY=${CADDY:-caddy}
GTLSSERVER=${GTLSSERVER:-gtlsserver}
H2LOAD=${H2LOAD:-h2load}
H3LOAD=${H3LOAD:-}
OPENSSL=${OPENSSL:-openssl}
BENCH_KEEP=${BENCH_KEEP:-0}

SERVERS=(caddy_h3 gtls_h3 trident_h2 trident_h3)
declare -A LABEL=([caddy_h3]="caddy (h3)" [gtls_h3]="gtlsserver (h3)"
                  [trident_h2]="Trident (h2, TLS)" [trident_h3]="Trident (h3)")
declare -A PROTO=([caddy_h3]=h3 [gtls_h3]=h3 [trident_h2]=h2 [trident_h3]=h3)

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 2; }

for v in DURATION WARMUP ROUNDS CLIENTS STREAMS THREADS START_TIMEOUT H3_PROBE_TIMEOUT STOP_TIMEOUT \
         PORT_CADDY PORT_GTLS PORT_TRIDENT_H2 PORT_TRIDENT_H3; do
    [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a non-negative integer (got '${!v}')"
done
((DURATION >= 1)) || die "DURATION must be at least 1"
((ROUNDS >= 1)) || die "ROUNDS must be at least 1"
((THREADS >= 1 && CLIENTS >= THREADS && STREAMS >= 1)) ||
    die "need THREADS >= 1, CLIENTS >= THREADS and STREAMS >= 1"
estimate=$((ROUNDS * ${#SERVERS[@]} * (WARMUP + DURATION + 3)))
((estimate > 180)) && log "note: this will take about ${estimate}s (ROUNDS x 4 servers x (WARMUP + DURATION + ~3 s))"

# Resolve a binary from PATH, falling back to the sbin directories that a non-login shell may
# lack (gtlsserver lives in /usr/sbin on Debian).
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

command -v pgrep >/dev/null || die "pgrep not found (apt-get install procps)"
command -v timeout >/dev/null || die "timeout not found (apt-get install coreutils)"
OPENSSL_BIN=$(resolve_bin "$OPENSSL") || die "openssl not found (apt-get install openssl)"
CURL_OK=0
command -v curl >/dev/null && curl -V 2>/dev/null | grep -qw HTTP2 && CURL_OK=1
H2LOAD_BIN=$(resolve_bin "$H2LOAD") || H2LOAD_BIN=""
CADDY_BIN=$(resolve_bin "$CADDY") || CADDY_BIN=""
GTLS_BIN=$(resolve_bin "$GTLSSERVER") || GTLS_BIN=""
PHP_BIN=$(resolve_bin "$PHP") || PHP_BIN=""
STDBUF=$(command -v stdbuf 2>/dev/null) || STDBUF=""

# h3load: the project's own HTTP/3 load generator, built on demand.
if [[ -z $H3LOAD ]]; then
    H3LOAD="$ROOT/bench/h3load/h3load"
    if [[ ! -x $H3LOAD || $ROOT/bench/h3load/h3load.cc -nt $H3LOAD ]]; then
        log "building $H3LOAD"
        "$ROOT/bench/h3load/build.sh" >&2 ||
            die "could not build h3load (apt-get install g++ pkg-config libngtcp2-dev libngtcp2-crypto-gnutls-dev libnghttp3-dev libgnutls28-dev)"
    fi
fi
H3LOAD_BIN=$(resolve_bin "$H3LOAD") || die "h3load not found at '$H3LOAD'"

# shellcheck disable=SC2034  # read by lib.sh
BENCH_TMP_PREFIX=trident-bench-h3
# shellcheck source=bench/lib.sh
source "$SCRIPT_DIR/lib.sh"

pick_port_both caddy_h3 "$PORT_CADDY"
pick_port_both gtls_h3 "$PORT_GTLS"
pick_port_both trident_h2 "$PORT_TRIDENT_H2"
pick_port_both trident_h3 "$PORT_TRIDENT_H3"

# One self-signed P-256 certificate for every server (cheap handshakes; the numbers are about
# the protocol, not RSA). Valid for 127.0.0.1 and localhost.
TLS_CERT="$BENCH_TMP/tls/cert.pem"
TLS_KEY="$BENCH_TMP/tls/key.pem"
mkdir -p "$BENCH_TMP/tls"
if ! "$OPENSSL_BIN" req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -keyout "$TLS_KEY" -out "$TLS_CERT" -days 2 -subj "/CN=localhost" \
        -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" >"$BENCH_TMP/tls/openssl.out" 2>&1; then
    sed 's/^/[bench]   /' "$BENCH_TMP/tls/openssl.out" >&2
    die "openssl req could not make a self-signed certificate"
fi

# ---------------------------------------------------------------------------
# Servers. Each start_* function fills ROOTS (root pids whose trees are measured) and LOGS
# (files shown when something goes wrong), or sets SKIP_REASON (server unavailable) or
# FAIL_REASON and returns 1.
# ---------------------------------------------------------------------------

start_caddy_h3() {
    local dir=$1 port=$2
    [[ -n $CADDY_BIN ]] || { SKIP_REASON="caddy not installed (apt-get install caddy)"; return 1; }
    mkdir -p "$dir/logs" "$dir/home"
    # The body is a backtick token spanning two lines: "Hello, World!\n" like the other servers.
    cat >"$dir/Caddyfile" <<EOF
{
	admin off
	auto_https disable_redirects
	skip_install_trust
	log {
		output file $dir/logs/caddy.log
		level ERROR
	}
	servers {
		protocols h1 h2 h3
	}
}

https://127.0.0.1:$port, https://localhost:$port {
	bind 127.0.0.1
	tls $TLS_CERT $TLS_KEY
	respond \`Hello, World!
\` 200
}
EOF
    LOGS=("$dir/logs/caddy.out" "$dir/logs/caddy.log")
    # caddy keeps its state (a local CA it creates anyway) under HOME / XDG_*: the temp dir.
    (cd "$dir" && HOME="$dir/home" XDG_DATA_HOME="$dir/home/data" XDG_CONFIG_HOME="$dir/home/config" \
        exec "$CADDY_BIN" run --adapter caddyfile --config "$dir/Caddyfile") \
        >"$dir/logs/caddy.out" 2>&1 </dev/null &
    STARTED_PID=$!
    STARTED[$STARTED_PID]=1
    ROOTS=("$STARTED_PID")
}

start_gtls_h3() {
    local dir=$1 port=$2
    [[ -n $GTLS_BIN ]] || { SKIP_REASON="gtlsserver not installed (apt-get install ngtcp2-server)"; return 1; }
    mkdir -p "$dir/logs" "$dir/htdocs"
    cp "$BENCH_TMP/expected.body" "$dir/htdocs/index.html"
    LOGS=("$dir/logs/gtlsserver.out")
    "$GTLS_BIN" -q -d "$dir/htdocs" 127.0.0.1 "$port" "$TLS_KEY" "$TLS_CERT" \
        >"$dir/logs/gtlsserver.out" 2>&1 </dev/null &
    STARTED_PID=$!
    STARTED[$STARTED_PID]=1
    ROOTS=("$STARTED_PID")
}

# hello-server.php in h2 mode with TLS; $3 = 1 also asks for HTTP/3 (TRIDENT_BENCH_H3=1).
launch_trident() {
    local dir=$1 port=$2 h3=$3
    [[ -f $TRIDENT_SO ]] || { SKIP_REASON="not built"; return 1; }
    [[ -n $PHP_BIN ]] || { SKIP_REASON="php binary '$PHP' not found"; return 1; }
    [[ -f $HELLO_SERVER ]] || { SKIP_REASON="$HELLO_SERVER not found"; return 1; }
    mkdir -p "$dir/logs"
    LOGS=("$dir/logs/trident.out")
    if [[ $h3 == 1 ]]; then
        TRIDENT_BENCH_H3=1 "$PHP_BIN" -n -d "extension=$TRIDENT_SO" "$HELLO_SERVER" "$port" h2 "$TLS_CERT" "$TLS_KEY" \
            >"$dir/logs/trident.out" 2>&1 </dev/null &
    else
        "$PHP_BIN" -n -d "extension=$TRIDENT_SO" "$HELLO_SERVER" "$port" h2 "$TLS_CERT" "$TLS_KEY" \
            >"$dir/logs/trident.out" 2>&1 </dev/null &
    fi
    STARTED_PID=$!
    STARTED[$STARTED_PID]=1
    ROOTS=("$STARTED_PID")
}

start_trident_h2() {
    [[ -n $H2LOAD_BIN ]] || { SKIP_REASON="h2load not installed (apt-get install nghttp2-client)"; return 1; }
    ((CURL_OK)) || { SKIP_REASON="curl with HTTP/2 not installed (apt-get install curl)"; return 1; }
    launch_trident "$1" "$2" 0
}

start_trident_h3() {
    launch_trident "$1" "$2" 1
}

# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

url_of() { printf 'https://127.0.0.1:%s/\n' "${PORT[$1]}"; }

# One HTTP/3 request with h3load; the output goes to $2. True on a 2xx answer.
h3_probe() {
    timeout -k 2 10 "$H3LOAD_BIN" -n 1 -T 3 "$(url_of "$1")" >"$2" 2>&1 </dev/null
}

curl_h2() {
    local id=$1
    shift
    curl -s -k --http2 "$@" "$(url_of "$id")"
}

roots_alive() {
    local r
    for r in "${ROOTS[@]}"; do
        any_alive "$r" || { FAIL_REASON="process $r exited during startup"; return 1; }
    done
}

# Wait until the server answers: HTTP/2 over TCP for Trident, HTTP/3 for caddy and gtlsserver.
# Trident's HTTP/3 row then gets H3_PROBE_TIMEOUT more seconds to answer over QUIC; without an
# answer it is "unavailable" (skipped, not failed).
wait_ready() {
    local id=$1 dir=$2 deadline=$((SECONDS + START_TIMEOUT))
    while :; do
        if [[ $id == trident_* ]]; then
            ((CURL_OK)) || break   # trident_h3 without curl: go straight to the HTTP/3 probe
            curl_h2 "$id" -o /dev/null --max-time 1 && break
        else
            h3_probe "$id" "$dir/probe.txt" && return 0
        fi
        roots_alive || return 1
        ((SECONDS >= deadline)) && { FAIL_REASON="no answer on port ${PORT[$id]} within ${START_TIMEOUT}s"; return 1; }
        sleep 0.2
    done
    [[ $id == trident_h3 ]] || return 0
    deadline=$((SECONDS + (CURL_OK ? H3_PROBE_TIMEOUT : START_TIMEOUT)))
    while :; do
        h3_probe "$id" "$dir/probe.txt" && return 0
        roots_alive || return 1
        if ((SECONDS >= deadline)); then
            SKIP_REASON="unavailable (no HTTP/3 answer on UDP port ${PORT[$id]}; hello-server.php must set 'open_http3_protocol' => true when TRIDENT_BENCH_H3=1)"
            return 1
        fi
        sleep 0.2
    done
}

# GET / must answer 200 with "Hello, World!\n" (HTTP/3: a 2xx and 14 body bytes, from h3load's
# counters; HTTP/2: the exact body, from curl).
verify_response() {
    local id=$1 dir=$2 got code ver n2xx ndata
    if [[ ${PROTO[$id]} == h3 ]]; then
        h3_probe "$id" "$dir/check.txt" || { FAIL_REASON="GET / over HTTP/3 failed: $(paste -sd ' ' "$dir/check.txt" | cut -c1-300)"; return 1; }
        n2xx=$(awk '/^status codes: / { print $3; exit }' "$dir/check.txt")
        ndata=$(awk '/^traffic: / { print $8; exit }' "$dir/check.txt")
        local want
        want=$(wc -c <"$BENCH_TMP/expected.body")
        if [[ $n2xx != 1 || $ndata != "$want" ]]; then
            FAIL_REASON="GET / over HTTP/3: ${n2xx:-?} 2xx answers and ${ndata:-?} body bytes, expected 1 and $want"
            return 1
        fi
        return 0
    fi
    got=$(curl_h2 "$id" --max-time 5 -o "$dir/check.body" -w '%{http_code} %{http_version}') || got="curl-error"
    code=${got%% *} ver=${got#* }
    [[ $code == 200 ]] || { FAIL_REASON="GET / over HTTP/2 answered $got instead of 200"; return 1; }
    [[ $ver == 2 ]] || { FAIL_REASON="GET / was answered over HTTP/$ver, not HTTP/2"; return 1; }
    cmp -s "$dir/check.body" "$BENCH_TMP/expected.body" || { FAIL_REASON="GET / body is not \"Hello, World!\\n\""; return 1; }
}

# ---------------------------------------------------------------------------
# Load
# ---------------------------------------------------------------------------

LOAD_ARGS=(-t"$THREADS" -c"$CLIENTS" -m"$STREAMS" -D "$DURATION")
H3LOAD_CMD="h3load ${LOAD_ARGS[*]}"
H2LOAD_CMD="h2load ${LOAD_ARGS[*]}"
if ((WARMUP > 0)); then
    H3LOAD_CMD+=" -W $WARMUP"
    H2LOAD_CMD+=" --warm-up-time=$WARMUP"
fi

# Start the load generator for $1 in the background (signals reach the trap at once), bounded
# by timeout; h2load's stdout line-buffered so its phase messages can be followed (h3load
# writes them to stderr, unbuffered).
start_load() {
    local id=$1 out=$2 url
    local -a cmd
    url=$(url_of "$id")
    if [[ ${PROTO[$id]} == h3 ]]; then
        cmd=("$H3LOAD_BIN" "${LOAD_ARGS[@]}")
        ((WARMUP > 0)) && cmd+=(-W "$WARMUP")
    else
        cmd=("$H2LOAD_BIN" "${LOAD_ARGS[@]}")
        ((WARMUP > 0)) && cmd+=(--warm-up-time="$WARMUP")
        [[ -n $STDBUF ]] && cmd=("$STDBUF" -oL "${cmd[@]}")
    fi
    timeout -k 5 $((WARMUP + DURATION + 30)) "${cmd[@]}" "$url" >"$out" 2>&1 </dev/null &
    LOAD_PID=$!
}

# Wait until every client thread has left its warm-up ("Main benchmark duration is started for
# thread #N.", printed by both h2load and h3load), so the CPU counters cover the measured phase.
wait_main_phase() {
    local out=$1 deadline=$((SECONDS + WARMUP + 10)) n
    while :; do
        n=$(grep -c '^Main benchmark duration is started' "$out" 2>/dev/null)
        ((${n:-0} >= THREADS)) && return 0
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

measure() {
    local id=$1 round=$2 port=${PORT[$1]} dir="$BENCH_TMP/$1-r$2"
    local -a before_pids after_pids
    local t0 t1 out r r2 rps done_n succeeded failed errored timedout non2xx errs mean max cpu
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

    if ! wait_ready "$id" "$dir" || ! verify_response "$id" "$dir"; then
        if [[ -n $SKIP_REASON ]]; then
            STATUS[$id]="skip:$SKIP_REASON"
            log "${LABEL[$id]}: $SKIP_REASON"
            [[ -s $dir/probe.txt ]] && sed 's/^/[bench]   probe: /' "$dir/probe.txt" >&2
        else
            STATUS[$id]="fail:$FAIL_REASON"
            log "${LABEL[$id]}: FAILED: $FAIL_REASON"
            show_logs "${LOGS[@]}"
        fi
        for r in "${ROOTS[@]}"; do stop_tree "$r"; done
        return 1
    fi
    log "round $round/$ROUNDS ${LABEL[$id]}: GET / over ${PROTO[$id]} -> 200 \"Hello, World!\\n\""

    out="$dir/load.txt"
    local tool=h3load
    [[ ${PROTO[$id]} == h2 ]] && tool=h2load
    log "round $round/$ROUNDS ${LABEL[$id]}: $tool warm-up ${WARMUP}s, measuring ${DURATION}s"
    start_load "$id" "$out"
    if ((WARMUP > 0)) && ! wait_main_phase "$out"; then
        WARN[$id]="${WARN[$id]:+${WARN[$id]}; }round $round: the end of the warm-up was not seen, CPU includes part of it"
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

    # Both tools print:
    #   finished in 5.00s, 123456.78 req/s, 4.12MB/s
    #   requests: N total, N started, N done, N succeeded, N failed, N errored, N timeout
    #   status codes: N 2xx, N 3xx, N 4xx, N 5xx
    # latency: h3load "latency (ms): min X, mean X, p50 X, p90 X, p99 X, max X";
    #          h2load "time for request:    min    max    mean    sd    +/- sd" (with units).
    rps=$(awk '/^finished in / { print $4; exit }' "$out")
    read -r done_n succeeded failed errored timedout < <(awk '/^requests: / {
        for (i = 2; i < NF; i += 2) v[$(i + 1)] = $i
        print v["done,"] + 0, v["succeeded,"] + 0, v["failed,"] + 0, v["errored,"] + 0, v["timeout"] + 0; exit }' "$out")
    non2xx=$(awk '/^status codes: / { print $5 + $7 + $9; exit }' "$out")
    if [[ ${PROTO[$id]} == h3 ]]; then
        read -r mean max < <(awk '/^latency \(ms\):/ { gsub(/,/, ""); print $6, $14; exit }' "$out")
    else
        local mean_raw max_raw
        read -r mean_raw max_raw < <(awk '/^time for request:/ { print $6, $5; exit }' "$out")
        mean=$(to_ms "${mean_raw:-}" 2>/dev/null) || mean=""
        max=$(to_ms "${max_raw:-}" 2>/dev/null) || max=""
    fi
    if ((r != 0 && r != 1)) || [[ -z $rps || -z ${done_n:-} || -z $non2xx || -z ${mean:-} || -z ${max:-} ]] ||
        ((done_n == 0)); then
        STATUS[$id]="fail:load generator failed (exit $r)"
        log "${LABEL[$id]}: FAILED: load generator exit $r, output:"
        sed 's/^/[bench]   /' "$out" >&2
        show_logs "${LOGS[@]}"
        return 1
    fi
    errs=$((failed + timedout))
    ((non2xx > errs)) && errs=$non2xx
    ((r != 0 && errs == 0)) && errs=1   # h3load exits 1 only when something did not succeed
    cpu=$(awk -v d=$((t1 - t0)) -v hz="$CLK_TCK" -v n="$done_n" 'BEGIN { printf "%.3f\n", d * 1e6 / hz / n }')
    if [[ "${before_pids[*]}" != "${after_pids[*]}" ]]; then
        WARN[$id]="${WARN[$id]:+${WARN[$id]}; }round $round: process set changed during the run (${#before_pids[@]} -> ${#after_pids[@]}), CPU of unreaped exited processes is missing"
    fi

    RPS[$id]="${RPS[$id]:-} $rps"
    MEAN[$id]="${MEAN[$id]:-} $mean"
    MAX[$id]="${MAX[$id]:-} $max"
    CPU[$id]="${CPU[$id]:-} $cpu"
    ERRS[$id]=$((${ERRS[$id]:-0} + errs))
    log "round $round/$ROUNDS ${LABEL[$id]}: $rps req/s, mean ${mean} ms, max ${max} ms, $done_n done, $succeeded succeeded, $failed failed, $errored errored, $timedout timeout, $non2xx non-2xx, CPU $(awk -v d=$((t1 - t0)) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", d / hz }') s -> $cpu us/req"
    if ((errs > 0)); then
        STATUS[$id]="fail:${errs} failed requests (round $round)"
        log "${LABEL[$id]}: FAILED: the load generator reported errors:"
        grep -E '^(requests|status codes):|^h3load: ' "$out" | sed 's/^/[bench]   /' >&2
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

pkg_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "?"; }
cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)

echo "## HTTP/3 hello world (Trident vs caddy and gtlsserver over h3; Trident h2 over TLS for reference)"
echo
echo "- load: \`$H3LOAD_CMD URL\` ($(version_of "$H3LOAD_BIN" --version)); h2 row: \`$H2LOAD_CMD URL\`${H2LOAD_BIN:+ ($(version_of "$H2LOAD_BIN" --version))}; rounds: $ROUNDS (median of each column; errors summed)"
echo "- host: $(nproc) CPUs${cpu_model:+ ($cpu_model)}, Linux $(uname -r); the load generator runs on the same CPUs"
[[ -n $CADDY_BIN ]] && echo "- caddy $(version_of "$CADDY_BIN" version), protocols h1 h2 h3, \`respond\`, logs at ERROR"
[[ -n $GTLS_BIN ]] && echo "- gtlsserver (ngtcp2-server $(pkg_version ngtcp2-server)), -q, serving a 14-byte index.html"
if [[ -f $TRIDENT_SO && -n $PHP_BIN ]]; then
    echo "- Trident: $TRIDENT_SO on $(version_of "$PHP_BIN" -n -v), hello-server.php (worker_num=2, reactor_num=2, open_http2_protocol=true, TLS; h3 row: TRIDENT_BENCH_H3=1)"
fi
echo "- TLS: the same self-signed P-256 certificate everywhere; all traffic on 127.0.0.1"
echo

echo "| server | req/s | mean latency | max latency | errors | CPU µs/req |"
echo "|---|---:|---:|---:|---:|---:|"
for id in "${SERVERS[@]}"; do
    st=${STATUS[$id]:-}
    if [[ -n ${MED_RPS[$id]:-} ]]; then
        printf '| %s | %.0f | %.2f ms | %.2f ms | %d | %.1f |\n' "${LABEL[$id]}" \
            "${MED_RPS[$id]}" "${MED_MEAN[$id]}" "${MED_MAX[$id]}" "${ERRS[$id]:-0}" "${MED_CPU[$id]}"
    elif [[ $st == skip:unavailable* ]]; then
        printf '| %s | unavailable | - | - | - | - |\n' "${LABEL[$id]}"
    elif [[ $st == skip:* ]]; then
        printf '| %s | skipped: %s | - | - | - | - |\n' "${LABEL[$id]}" "${st#skip:}"
    else
        printf '| %s | FAILED: %s | - | - | - | - |\n' "${LABEL[$id]}" "${st#fail:}"
    fi
done
echo

# Trident h3 against the others (req/s; > 1 means Trident h3 is faster).
ratio_line() {
    local name=$1 other=$2
    if [[ -n ${MED_RPS[trident_h3]:-} && -n ${MED_RPS[$other]:-} ]]; then
        echo "- **$name: $(ratio "${MED_RPS[trident_h3]}" "${MED_RPS[$other]}")** (req/s; CPU µs/req $(ratio "${MED_CPU[trident_h3]}" "${MED_CPU[$other]}"), lower is better)"
    elif [[ -z ${MED_RPS[trident_h3]:-} ]]; then
        echo "- **$name: n/a**"
    else
        echo "- **$name: n/a** (${LABEL[$other]} not measured)"
    fi
}
echo "Ratios:"
echo
ratio_line "Trident h3 / Trident h2" trident_h2
ratio_line "Trident h3 / caddy h3" caddy_h3
ratio_line "Trident h3 / gtlsserver h3" gtls_h3
echo
st=${STATUS[trident_h3]:-}
case $st in
    "skip:not built") echo "trident h3: unavailable (trident: not built, skipped)" ;;
    skip:*) echo "trident h3: ${st#skip:}" ;;
    fail:*) echo "trident h3: FAILED: ${st#fail:}" ;;
esac

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
