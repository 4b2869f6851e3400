#!/usr/bin/env bash
# WebSocket benchmark: Trident (one worker, one reactor) vs node's ws (one process), same run.
#   echo:   CONNS WebSockets each doing send-and-wait-for-echo round trips for DURATION s
#   fanout: FANOUT_CONNS WebSockets; one message makes the server broadcast FANOUT_MESSAGES
#           messages to all of them (messages delivered per second)
#   memory: RSS of every server process before and after FANOUT_CONNS idle WebSockets are
#           open (bytes per idle WebSocket)
# The client is node + node-ws (bench/ws/client.js) for both servers.
# Usage: bench/run-websocket.sh   (DURATION [5], CONNS [50], SIZE [64], FANOUT_CONNS [1000],
#        FANOUT_MESSAGES [100], ROUNDS [1], PHP [php], TRIDENT_SO [modules/trident.so], NODE [node])
# stdout: the markdown report; progress on stderr. Exit 1 when a server failed, 2 on a usage error.
# shellcheck disable=SC2317
set -uo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
DURATION=${DURATION:-5}
CONNS=${CONNS:-50}
SIZE=${SIZE:-64}
FANOUT_CONNS=${FANOUT_CONNS:-1000}
FANOUT_MESSAGES=${FANOUT_MESSAGES:-100}
ROUNDS=${ROUNDS:-1}
START_TIMEOUT=${START_TIMEOUT:-15}
STOP_TIMEOUT=${STOP_TIMEOUT:-10}
PHP=${PHP:-php}
NODE=${NODE:-node}
TRIDENT_SO=${TRIDENT_SO:-$ROOT/modules/trident.so}
BENCH_KEEP=${BENCH_KEEP:-0}
BENCH_TMP_PREFIX=trident-bench-ws
# Debian installs node modules (node-ws) in /usr/share/nodejs.
export NODE_PATH=${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 2; }
for v in DURATION CONNS SIZE FANOUT_CONNS FANOUT_MESSAGES ROUNDS; do
    [[ ${!v} =~ ^[0-9]+$ ]] && ((${!v} > 0)) || die "$v must be a positive integer"
done
command -v "$NODE" >/dev/null || die "node not found (apt-get install nodejs node-ws)"
"$NODE" -e 'require("ws")' 2>/dev/null || die "node module ws not found (apt-get install node-ws)"
[[ -f $TRIDENT_SO ]] || die "$TRIDENT_SO not built (scripts/build)"
# shellcheck source=bench/lib.sh
source "$SCRIPT_DIR/lib.sh"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

CLIENT="$SCRIPT_DIR/ws/client.js"
ROOTS=()

start_node() {
    "$NODE" "$SCRIPT_DIR/ws/node-server.js" "$1" >"$BENCH_TMP/node.out" 2>&1 </dev/null &
    STARTED_PID=$!
    STARTED[$STARTED_PID]=1
}
start_trident() {
    "$PHP" -n -d "extension=$TRIDENT_SO" "$SCRIPT_DIR/ws/trident-server.php" "$1" >"$BENCH_TMP/trident.out" 2>&1 </dev/null &
    STARTED_PID=$!
    STARTED[$STARTED_PID]=1
}
wait_port() {
    local port=$1 root=$2 deadline=$((SECONDS + START_TIMEOUT))
    until port_busy "$port"; do
        any_alive "$root" || return 1
        ((SECONDS >= deadline)) && return 1
        sleep 0.2
    done
    sleep 0.5  # the Trident workers start after the listener exists
}
rss_kib() {  # total RSS of the process tree rooted at $1
    local t=0 p r
    for p in $(tree_pids "$1"); do
        r=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null) && t=$((t + r))
    done
    echo "$t"
}

declare -A ECHO FAN MEM CPU_ECHO
run_one() {
    local id=$1 port=$2 root out trips secs before after ticks0 ticks1 deliv
    "start_$id" "$port"
    root=$STARTED_PID
    wait_port "$port" "$root" || { log "$id did not start"; cat "$BENCH_TMP/$id.out" >&2; return 1; }
    local url="ws://127.0.0.1:$port/"
    "$NODE" "$CLIENT" echo "$url" "$CONNS" 1 "$SIZE" >/dev/null 2>&1  # warm-up
    ticks0=$(cpu_ticks $(tree_pids "$root"))
    out=$("$NODE" "$CLIENT" echo "$url" "$CONNS" "$DURATION" "$SIZE") || { log "$id echo failed: $out"; return 1; }
    ticks1=$(cpu_ticks $(tree_pids "$root"))
    read -r _ trips _ secs _ <<<"$out"
    ECHO[$id]=$(awk -v t="$trips" -v s="$secs" 'BEGIN {printf "%.0f", t / s}')
    CPU_ECHO[$id]=$(awk -v c=$((ticks1 - ticks0)) -v k="$CLK_TCK" -v t="$trips" 'BEGIN {printf "%.1f", c / k * 1e6 / t}')
    before=$(rss_kib "$root")
    # Idle WebSockets held open by a client that sleeps, for the memory column.
    : >"$BENCH_TMP/idle.out"
    "$NODE" -e '
        const WebSocket = require("ws"); const n = +process.argv[2]; let open = 0;
        for (let i = 0; i < n; i++) { const ws = new WebSocket(process.argv[1], {perMessageDeflate: false});
          ws.on("open", () => { if (++open === n) console.log("open"); }); ws.on("error", e => { console.log("error " + e.message); process.exit(1); }); }
        setTimeout(() => process.exit(0), 60000);' "$url" "$FANOUT_CONNS" >"$BENCH_TMP/idle.out" 2>&1 &
    local idle=$!
    local deadline=$((SECONDS + 30))
    until grep -q '^open' "$BENCH_TMP/idle.out" || ((SECONDS >= deadline)); do sleep 0.2; done
    sleep 1
    after=$(rss_kib "$root")
    kill "$idle" 2>/dev/null; wait "$idle" 2>/dev/null
    MEM[$id]=$(awk -v a="$after" -v b="$before" -v n="$FANOUT_CONNS" 'BEGIN {printf "%.1f", (a - b) / n}')
    sleep 1
    out=$("$NODE" "$CLIENT" fanout "$url" "$FANOUT_CONNS" "$FANOUT_MESSAGES") || { log "$id fanout failed: $out"; return 1; }
    read -r _ deliv _ secs _ <<<"$out"
    local want=$((FANOUT_CONNS * FANOUT_MESSAGES))
    ((deliv == want)) || { log "$id delivered $deliv of $want broadcast messages"; return 1; }
    FAN[$id]=$(awk -v d="$deliv" -v s="$secs" 'BEGIN {printf "%.0f", d / s}')
    stop_tree "$root"
}

declare -A LABEL=([node]="node ws" [trident]="Trident")
rc=0
pick_port node 19601; pick_port trident 19602
for ((r = 1; r <= ROUNDS; r++)); do
    for id in trident node; do
        log "round $r: $id"
        run_one "$id" "${PORT[$id]}" || rc=1
    done
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
echo "| server | echo round trips/s ($CONNS conns, $SIZE B) | server CPU µs per round trip | fan-out messages/s ($FANOUT_CONNS clients × $FANOUT_MESSAGES) | KiB per idle WebSocket |"
echo "|---|---|---|---|---|"
for id in trident node; do
    label=$([[ $id == node ]] && echo "node ws $("$NODE" -e 'console.log(require("ws/package.json").version)')" || echo "Trident (1 worker)")
    echo "| $label | ${ECHO[$id]:--} | ${CPU_ECHO[$id]:--} | ${FAN[$id]:--} | ${MEM[$id]:--} |"
done
echo
echo "Trident / node: echo $(ratio "${ECHO[trident]:-0}" "${ECHO[node]:-0}")×, fan-out $(ratio "${FAN[trident]:-0}" "${FAN[node]:-0}")×"

# Trident over each protocol: one WebSocket doing sequential round trips (tests/tools/wsclient
# echo-loop), relative to HTTP/1.1 in the same run. node's ws has no HTTP/2 or HTTP/3 to compare.
WSCLIENT="$ROOT/tests/tools/wsclient/wsclient"
if [[ ! -x $WSCLIENT ]]; then "$ROOT/tests/tools/wsclient/build.sh" >/dev/null 2>&1 || true; fi
if [[ -x $WSCLIENT ]] && command -v openssl >/dev/null; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$BENCH_TMP/key.pem" -out "$BENCH_TMP/cert.pem" 2>/dev/null
    pick_port tls 19612
    p=${PORT[trident]}
    "$PHP" -n -d "extension=$TRIDENT_SO" "$SCRIPT_DIR/ws/trident-server.php" "$p" "$BENCH_TMP/cert.pem" "$BENCH_TMP/key.pem" \
        >"$BENCH_TMP/trident-tls.out" 2>&1 </dev/null &
    root=$!
    STARTED[$root]=1
    if wait_port "$((p + 1))" "$root"; then
        declare -A PROTO_RT
        for proto in h1 h2c h2 h3; do
            case $proto in
                h1) args=(--h1 --port "$p") ;;
                h2c) args=(--h2c --port "$p") ;;
                h2) args=(--h2 --port "$((p + 1))" --insecure) ;;
                h3) args=(--h3 --port "$((p + 1))" --insecure) ;;
            esac
            out=$("$WSCLIENT" "${args[@]}" --host 127.0.0.1 --timeout 60 "echo-loop:$((DURATION * 4000)):$SIZE" close:1000 2>&1) ||
                { log "wsclient $proto failed: $out"; rc=1; continue; }
            PROTO_RT[$proto]=$(sed -n 's/.*: \([0-9]*\) round trips\/s.*/\1/p' <<<"$out")
        done
        echo
        echo "| Trident, one WebSocket, sequential $SIZE B round trips | HTTP/1.1 | HTTP/2 (h2c) | HTTP/2 (TLS) | HTTP/3 |"
        echo "|---|---|---|---|---|"
        echo "| round trips/s | ${PROTO_RT[h1]:--} | ${PROTO_RT[h2c]:--} | ${PROTO_RT[h2]:--} | ${PROTO_RT[h3]:--} |"
        echo "| vs HTTP/1.1 | 1.00 | $(ratio "${PROTO_RT[h2c]:-0}" "${PROTO_RT[h1]:-0}") | $(ratio "${PROTO_RT[h2]:-0}" "${PROTO_RT[h1]:-0}") | $(ratio "${PROTO_RT[h3]:-0}" "${PROTO_RT[h1]:-0}") |"
    else
        log "Trident with TLS did not start"; cat "$BENCH_TMP/trident-tls.out" >&2; rc=1
    fi
    stop_tree "$root"
fi
exit $rc
