#!/usr/bin/env bash
# Response compression benchmark: one Trident server (2 workers, 2 reactors) answering a
# 100 KiB JSON document over h2c, measured with h2load for each Accept-Encoding in turn:
# identity (none sent), gzip, br, zstd — req/s, CPU per request of all server processes and of
# the master alone (its reactor threads: compression must not cost them anything), and the
# bytes on the wire per response (the body as curl received it).
#
# Usage:   bench/run-compression.sh
# Tunables (environment variables, defaults in brackets):
#   DURATION [5]      seconds of each measured h2load run (h2load -D)
#   WARMUP [1]        seconds of un-measured warm-up before each run
#   CLIENTS [16]      h2load -c
#   STREAMS [10]      h2load -m
#   SIZE [102400]     body bytes
#   PORT [28091]      preferred port (the next free one if busy)
#   PHP [php], TRIDENT_SO [<repo>/modules/trident.so], H2LOAD [h2load]
#   START_TIMEOUT [15], STOP_TIMEOUT [10], BENCH_KEEP [0] (1 keeps the temporary directory)
# stdout: the markdown report; progress on stderr. Exit 1 when a run failed (or had failed
# requests), 2 on a usage or environment error.
# shellcheck disable=SC2317,SC2034  # functions called from traps; variables read by lib.sh
set -uo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
DURATION=${DURATION:-5}
WARMUP=${WARMUP:-1}
CLIENTS=${CLIENTS:-16}
STREAMS=${STREAMS:-10}
SIZE=${SIZE:-102400}
PORT_PREF=${PORT:-28091}
PHP=${PHP:-php}
TRIDENT_SO=${TRIDENT_SO:-$ROOT/modules/trident.so}
H2LOAD=${H2LOAD:-h2load}
START_TIMEOUT=${START_TIMEOUT:-15}
STOP_TIMEOUT=${STOP_TIMEOUT:-10}
BENCH_KEEP=${BENCH_KEEP:-0}
BENCH_TMP_PREFIX=trident-bench-compression

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 2; }
for v in DURATION WARMUP CLIENTS STREAMS SIZE PORT_PREF START_TIMEOUT STOP_TIMEOUT; do
    [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a non-negative integer (got '${!v}')"
done
((DURATION >= 1 && CLIENTS >= 1 && STREAMS >= 1 && SIZE >= 1)) || die "DURATION, CLIENTS, STREAMS and SIZE must be positive"
command -v "$H2LOAD" >/dev/null || die "h2load not found (apt-get install nghttp2-client)"
[[ -f $TRIDENT_SO ]] || die "$TRIDENT_SO not built (scripts/build)"
# shellcheck source=bench/lib.sh
source "$SCRIPT_DIR/lib.sh"

declare -A LABEL=([trident]="Trident")
pick_port trident "$PORT_PREF"
port=${PORT[trident]}
"$PHP" -n -d "extension=$TRIDENT_SO" "$SCRIPT_DIR/compression-server.php" "$port" "$SIZE" >"$BENCH_TMP/server.out" 2>&1 </dev/null &
root=$!
STARTED[$root]=1
deadline=$((SECONDS + START_TIMEOUT))
until curl -fsS -o /dev/null "http://127.0.0.1:$port/json" 2>/dev/null; do
    any_alive "$root" || { cat "$BENCH_TMP/server.out" >&2; die "the server exited"; }
    ((SECONDS >= deadline)) && die "the server did not answer within ${START_TIMEOUT}s"
    sleep 0.2
done

# utime+stime of the master process alone (its reactor threads), in clock ticks.
master_ticks() {
    local line
    local -a f
    line=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
    line=${line##*) }
    read -r -a f <<<"$line"
    echo $((f[11] + f[12]))
}

rc=0
declare -A RPS CPU CPU_MASTER WIRE
for coding in identity gzip br zstd; do
    args=(-c "$CLIENTS" -m "$STREAMS" -D "$DURATION")
    ((WARMUP > 0)) && args+=(--warm-up-time="$WARMUP")
    [[ $coding != identity ]] && args+=(-H "accept-encoding: $coding")
    # The coding the server chose and the body's size on the wire, checked before measuring.
    got=$(curl -sS --http2-prior-knowledge -o "$BENCH_TMP/body-$coding" -D - -H "Accept-Encoding: $coding" \
          "http://127.0.0.1:$port/json" | tr -d '\r' | sed -n 's/^content-encoding: //p')
    WIRE[$coding]=$(stat -c %s "$BENCH_TMP/body-$coding")
    if [[ $coding == identity && -n $got ]] || [[ $coding != identity && $got != "$coding" ]]; then
        log "$coding: the server answered content-encoding '${got:-none}'"; rc=1; continue
    fi
    log "$coding: h2load ${args[*]}"
    mapfile -t pids < <(tree_pids "$root")
    t0=$(cpu_ticks "${pids[@]}"); m0=$(master_ticks "$root")
    out=$("$H2LOAD" "${args[@]}" "http://127.0.0.1:$port/json" 2>&1)
    t1=$(cpu_ticks "${pids[@]}"); m1=$(master_ticks "$root")
    printf '%s\n' "$out" >"$BENCH_TMP/h2load-$coding.txt"
    if ! [[ $out =~ requests:\ ([0-9]+)\ total,\ ([0-9]+)\ started,\ ([0-9]+)\ done,\ ([0-9]+)\ succeeded,\ ([0-9]+)\ failed ]]; then
        log "$coding: no h2load summary"; printf '%s\n' "$out" | tail -5 >&2; rc=1; continue
    fi
    done_n=${BASH_REMATCH[4]}; failed_n=${BASH_REMATCH[5]}
    ((failed_n == 0 && done_n > 0)) || { log "$coding: $failed_n failed"; rc=1; }
    RPS[$coding]=$(awk -v n="$done_n" -v d="$DURATION" 'BEGIN {printf "%.0f", n / d}')
    # The CPU of the warm-up is counted too: spread over the requests of warm-up + measured
    # time at the measured rate.
    total_reqs=$(awk -v n="$done_n" -v d="$DURATION" -v w="$WARMUP" 'BEGIN {printf "%.0f", n * (d + w) / d}')
    CPU[$coding]=$(awk -v c=$((t1 - t0)) -v k="$CLK_TCK" -v n="$total_reqs" 'BEGIN {printf "%.1f", c / k * 1e6 / n}')
    CPU_MASTER[$coding]=$(awk -v c=$((m1 - m0)) -v k="$CLK_TCK" -v n="$total_reqs" 'BEGIN {printf "%.1f", c / k * 1e6 / n}')
done
stop_tree "$root" || rc=1

echo "| Accept-Encoding | req/s | CPU µs/req (all processes) | CPU µs/req (master: reactors) | body bytes on the wire | vs identity |"
echo "|---|---:|---:|---:|---:|---:|"
for coding in identity gzip br zstd; do
    [[ -n ${RPS[$coding]:-} ]] || { echo "| $coding | failed | - | - | - | - |"; continue; }
    ratio=$(awk -v a="${WIRE[$coding]}" -v b="${WIRE[identity]:-0}" 'BEGIN { if (b > 0) printf "%.1f%% of the bytes", 100 * a / b; else print "-" }')
    echo "| ${coding/identity/(none)} | ${RPS[$coding]} | ${CPU[$coding]} | ${CPU_MASTER[$coding]} | ${WIRE[$coding]} | $ratio |"
done
echo
echo "Body: $SIZE bytes of JSON; h2load -c$CLIENTS -m$STREAMS -D$DURATION over h2c; levels: the defaults (gzip 6, br 4, zstd 3)."
exit $rc
