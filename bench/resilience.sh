#!/usr/bin/env bash
# Resilience figures (docs/reliability.md, "Resilience"): how well-behaved clients fare while
# a Trident hello world is attacked, has workers killed, is reloaded, or carries a long mixed load.
# Not part of CI: it takes about 20 minutes with the defaults and loads the machine fully.
#
# One server for the whole run (bench/resilience-server.php: worker_num 2, reactor_num 2, the
# hello world of bench/hello-server.php on a cleartext HTTP/1.1 + h2c port and on a TLS port
# with h2 and HTTP/3, plus the metrics listener), so the RSS figures are those of one process
# tree: master, manager, workers. Parts (PARTS, in this order):
#
#   slowloris  CONNS connections trickling one byte a second (bench/attack/slowloris.py): an
#              HTTP/1.1 head (load: wrk), an HTTP/2 preface (load: h2load h2c), a TLS
#              ClientHello (load: h2load over TLS)
#   h2floods   rapid reset, CONTINUATION and SETTINGS floods (bench/attack/h2flood.py, h2c;
#              load: h2load h2c)
#   quic       QUIC Initial floods from QUIC_PORTS source ports and garbage datagrams
#              (bench/attack/quicflood.py; load: h3load)
#   kill       a worker SIGKILLed every second (h1, h2c, h3 in turn; load on /sleep?ms=10 so
#              requests are in flight): client failures against the server's own count of
#              requests lost with the worker (trident_worker_lost_requests_total)
#   reload     SIGUSR1 to the master every 2 s (h1, h2 over TLS, h3): failures must be 0
#   mixed      MIXED_SECONDS of all protocols at once (GETs, 64 KiB uploads, streamed responses,
#              client resets with bench/attack/resets.py): failures must be 0; RSS of every
#              process at the start and end, growth per 10^6 requests
#
# Each attack is measured as baseline / attack / baseline, PHASE seconds each, with the same
# load command; the loss is against the mean of the two baselines around it. The attack starts
# RAMP seconds before its load run so that its connections are open when measuring starts.
#
# Usage:   bench/resilience.sh > report.md
# Tunables (environment, defaults in brackets): PARTS [slowloris h2floods quic kill reload mixed],
#   PHASE [10], RAMP [3], CONNS [1000], QUIC_RATE [2000] Initials/s, QUIC_PORTS [256],
#   GARBAGE_RATE [10000] datagrams/s, KILL_SECONDS [15], RELOAD_SECONDS [20],
#   MIXED_SECONDS [600], PORT_PLAIN [38200], PORT_TLS [38201] (TCP and UDP), PORT_METRICS [38202],
#   PHP [php], TRIDENT_SO [<repo>/modules/trident.so], WRK [wrk], H2LOAD [h2load],
#   H3LOAD [<repo>/bench/h3load/h3load, built when missing], PYTHON [/usr/bin/python3],
#   START_TIMEOUT [15], STOP_TIMEOUT [10], BENCH_KEEP [0],
#   ATTACKER_CPU [25]: the attack tools run in a cgroup capped at this percentage of one CPU
#   (0: no cap). On a 2-CPU machine an uncapped Python attacker takes a whole CPU from the load
#   generator and the server, and the "loss" then measures that contention rather than what
#   the attack costs the server; with a cap the attack's rate is what that CPU share produces
#   (each row gives the attacker's own summary and its measured CPU). Needs a writable cgroup
#   cpu controller (v1 /sys/fs/cgroup/cpu or v2 /sys/fs/cgroup); without one the report says
#   the attackers ran uncapped.
# stdout: the markdown report; stderr: progress. Exit status 0 when every part ran and met its
# zero-failure condition (kill: client failures == lost requests), 1 otherwise, 2 on a setup error.

# shellcheck disable=SC2034  # STARTED, LOAD_PID, LABEL belong to lib.sh
set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)

PARTS=${PARTS:-slowloris h2floods quic kill reload mixed}
PHASE=${PHASE:-10}
RAMP=${RAMP:-3}
CONNS=${CONNS:-1000}
QUIC_RATE=${QUIC_RATE:-2000}
QUIC_PORTS=${QUIC_PORTS:-256}
GARBAGE_RATE=${GARBAGE_RATE:-10000}
KILL_SECONDS=${KILL_SECONDS:-15}
RELOAD_SECONDS=${RELOAD_SECONDS:-20}
MIXED_SECONDS=${MIXED_SECONDS:-600}
PORT_PLAIN=${PORT_PLAIN:-38200}
PORT_TLS=${PORT_TLS:-38201}
PORT_METRICS=${PORT_METRICS:-38202}
PHP=${PHP:-php}
TRIDENT_SO=${TRIDENT_SO:-$ROOT/modules/trident.so}
WRK=${WRK:-wrk}
H2LOAD=${H2LOAD:-h2load}
H3LOAD=${H3LOAD:-}
PYTHON=${PYTHON:-/usr/bin/python3}
START_TIMEOUT=${START_TIMEOUT:-15}
STOP_TIMEOUT=${STOP_TIMEOUT:-10}
BENCH_KEEP=${BENCH_KEEP:-0}
ATTACKER_CPU=${ATTACKER_CPU:-25}

log() { printf '[resilience] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 2; }

for v in PHASE RAMP CONNS QUIC_RATE QUIC_PORTS GARBAGE_RATE KILL_SECONDS RELOAD_SECONDS MIXED_SECONDS \
         PORT_PLAIN PORT_TLS PORT_METRICS START_TIMEOUT STOP_TIMEOUT ATTACKER_CPU; do
    [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a non-negative integer (got '${!v}')"
done
((PHASE >= 2 && MIXED_SECONDS >= 30 && KILL_SECONDS >= 3 && RELOAD_SECONDS >= 4)) ||
    die "need PHASE >= 2, MIXED_SECONDS >= 30, KILL_SECONDS >= 3, RELOAD_SECONDS >= 4"
for p in $PARTS; do
    [[ $p =~ ^(slowloris|h2floods|quic|kill|reload|mixed)$ ]] || die "unknown part '$p'"
done
for b in "$WRK" "$H2LOAD" "$PHP" "$PYTHON" curl pgrep timeout openssl; do
    command -v "$b" >/dev/null || die "$b not found (apt-get install wrk nghttp2-client php8.2-cli python3 curl procps)"
done
[[ -f $TRIDENT_SO ]] || die "$TRIDENT_SO not built (scripts/build)"
"$PYTHON" -c 'import cryptography' 2>/dev/null || die "python3-cryptography missing (apt-get install python3-cryptography)"
if [[ -z $H3LOAD ]]; then
    H3LOAD=$ROOT/bench/h3load/h3load
    if [[ ! -x $H3LOAD || $ROOT/bench/h3load/h3load.cc -nt $H3LOAD ]]; then
        log "building $H3LOAD"
        "$ROOT/bench/h3load/build.sh" >&2 || die "could not build h3load"
    fi
fi
(($(ulimit -n) >= CONNS + 200)) || ulimit -n $((CONNS + 1000)) 2>/dev/null ||
    die "open file limit $(ulimit -n) is too low for CONNS=$CONNS"

BENCH_TMP_PREFIX=trident-resilience
# shellcheck source=bench/lib.sh
source "$SCRIPT_DIR/lib.sh"
T=$BENCH_TMP
ATTACK=$SCRIPT_DIR/attack
declare -A LABEL=([plain]="cleartext port" [tls]="TLS/QUIC port" [metrics]="metrics port")
pick_port plain "$PORT_PLAIN"
pick_port_both tls "$PORT_TLS"
pick_port metrics "$PORT_METRICS"
P=${PORT[plain]} S=${PORT[tls]} M=${PORT[metrics]}

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/key.pem" \
    -out "$T/cert.pem" -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" >"$T/openssl.out" 2>&1 || die "openssl req failed"
head -c 65536 /dev/urandom >"$T/upload.bin"
printf 'wrk.method = "POST"\nwrk.body = string.rep("u", 65536)\nwrk.path = "/upload"\n' >"$T/post.lua"

# Other jobs we start in the background (attacks, samplers, load of the mixed part) go into
# lib.sh's BG: its cleanup stops them by pid on exit, before it stops the server.

# ---------------------------------------------------------------------------
# Server
# ---------------------------------------------------------------------------
"$PHP" -n -d "extension=$TRIDENT_SO" "$SCRIPT_DIR/resilience-server.php" "$P" "$S" "$M" "$T/cert.pem" "$T/key.pem" \
    >"$T/server.log" 2>&1 </dev/null &
SERVER=$!
STARTED[$SERVER]=1
deadline=$((SECONDS + START_TIMEOUT))
until [[ $(curl -s -m 2 "http://127.0.0.1:$P/" 2>/dev/null) == "Hello, World!" ]]; do
    any_alive "$SERVER" || { cat "$T/server.log" >&2; die "the server exited"; }
    ((SECONDS < deadline)) || die "the server did not answer within ${START_TIMEOUT}s"
    sleep 0.2
done
[[ $(curl -sk -m 2 --http2 -w '%{http_version}' -o /dev/null "https://127.0.0.1:$S/") == 2 ]] || die "no h2 on the TLS port"
"$H3LOAD" -n 1 -c 1 "https://127.0.0.1:$S/" >"$T/h3probe.out" 2>&1 || { cat "$T/h3probe.out" >&2; die "no HTTP/3 answer"; }
log "server pid $SERVER: plain $P, TLS/QUIC $S, metrics $M"

metric() {   # value of an unlabelled metric (or a full sample name with labels)
    curl -s -m 5 "http://127.0.0.1:$M/metrics" | awk -v n="$1" '$1 == n { print $2; exit }'
}
requests_total() {
    curl -s -m 5 "http://127.0.0.1:$M/metrics" | awk '$1 ~ /^trident_requests_total\{/ { s += $2 } END { print s + 0 }'
}

# role pid, one line per process: the master (the php process started), the manager (its
# child), the workers (the manager's children).
roles() {
    local mgr w
    printf 'master %s\n' "$SERVER"
    for mgr in $(pgrep -P "$SERVER"); do
        printf 'manager %s\n' "$mgr"
        for w in $(pgrep -P "$mgr"); do printf 'worker %s\n' "$w"; done
    done
}
workers() { roles | awk '$1 == "worker" { print $2 }'; }

rss_kb() { awk '/^VmRSS:/ { print $2; exit }' "/proc/$1/status" 2>/dev/null; }

# Every 0.5 s: "sample role pid rss_kb" for every process of the server, into $1.
rss_sampler() {
    local n=0 role pid kb
    while :; do
        while read -r role pid; do
            kb=$(rss_kb "$pid") && [[ -n $kb ]] && printf '%d %s %s %s\n' "$n" "$role" "$pid" "$kb"
        done < <(roles)
        n=$((n + 1))
        sleep "${2:-0.5}"
    done >"$1"
}
start_sampler() { rss_sampler "$@" & SAMPLER=$!; BG[$SAMPLER]=1; }
stop_sampler() { kill "$SAMPLER" 2>/dev/null; wait "$SAMPLER" 2>/dev/null; unset "BG[$SAMPLER]"; }
# "master M / manager G / workers W (each at most) / total T" in MiB, the maxima over the samples.
rss_summary() {
    awk '{ v = $4 / 1024; k = $1
           if ($2 == "worker") { if (v > w) w = v } else if ($2 == "master") { if (v > m) m = v } else if (v > g) g = v
           tot[k] += v }
         END { for (k in tot) if (tot[k] > t) t = tot[k]
               printf "%.1f / %.1f / %.1f / %.1f\n", m, g, w, t }' "$1"
}

# ---------------------------------------------------------------------------
# Well-behaved load. load KIND SECONDS OUT [PATH] [extra tool args...]; then parse_load KIND OUT
# prints "req/s done failed": failed is every request that did not get a 2xx (wrk: non-2xx plus
# socket errors; h2load and h3load: their "failed").
# ---------------------------------------------------------------------------
load() {
    local kind=$1 secs=$2 out=$3 path=${4:-/}
    shift 4 2>/dev/null || shift $#
    case $kind in
        h1) timeout $((secs + 30)) "$WRK" -t1 -c32 -d"${secs}s" --timeout 5s "$@" "http://127.0.0.1:$P$path" ;;
        h2c) timeout $((secs + 30)) "$H2LOAD" -t1 -c16 -m10 -D "$secs" "$@" "http://127.0.0.1:$P$path" ;;
        h2) timeout $((secs + 30)) "$H2LOAD" -t1 -c16 -m10 -D "$secs" "$@" "https://127.0.0.1:$S$path" ;;
        h3) timeout $((secs + 40)) "$H3LOAD" -t1 -c16 -m10 -D "$secs" "$@" "https://127.0.0.1:$S$path" ;;
    esac >"$out" 2>&1
}
parse_load() {
    local kind=$1 out=$2
    if [[ $kind == h1 ]]; then
        awk '/Requests\/sec:/ { r = $2 } / requests in / { d = $1 } /Non-2xx or 3xx responses:/ { b += $NF }
             /Socket errors:/ { gsub(",", ""); b += $4 + $6 + $8 + $10 }
             END { printf "%.0f %d %d\n", r, d, b }' "$out"
    else
        # "requests: T total, S started, D done, OK succeeded, F failed, E errored, N timeout";
        # both tools' "failed" is every request that did not end with a 2xx (errored, timed
        # out, 5xx, ...).
        awk '/^finished in/ { gsub(",", ""); r = $4 }
             /^requests:/ { d = $6; f = $10 }
             END { printf "%.0f %d %d\n", r, d, f }' "$out"
    fi
}

# ---------------------------------------------------------------------------
# Attacker CPU cap: a cgroup of our own under the cpu controller, removed at exit.
# ---------------------------------------------------------------------------
ATTACK_CG=
ATTACK_CG_NOTE="uncapped (ATTACKER_CPU=0)"
setup_attack_cgroup() {
    ((ATTACKER_CPU > 0)) || return 0
    local quota=$((ATTACKER_CPU * 1000)) dir
    if [[ -e /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]]; then
        dir=/sys/fs/cgroup/cpu/trident-bench-attack-$$
        mkdir "$dir" 2>/dev/null && echo 100000 >"$dir/cpu.cfs_period_us" && echo "$quota" >"$dir/cpu.cfs_quota_us" 2>/dev/null &&
            { ATTACK_CG=$dir; }
    elif [[ -e /sys/fs/cgroup/cgroup.controllers ]] && grep -qw cpu /sys/fs/cgroup/cgroup.controllers; then
        dir=/sys/fs/cgroup/trident-bench-attack-$$
        { grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control || echo +cpu >/sys/fs/cgroup/cgroup.subtree_control; } 2>/dev/null
        mkdir "$dir" 2>/dev/null && echo "$quota 100000" >"$dir/cpu.max" 2>/dev/null && { ATTACK_CG=$dir; }
    fi
    if [[ -n $ATTACK_CG ]]; then
        ATTACK_CG_NOTE="in a cgroup capped at ${ATTACKER_CPU} % of one CPU"
    else
        [[ -n ${dir:-} ]] && rmdir "$dir" 2>/dev/null
        ATTACK_CG_NOTE="uncapped (no writable cgroup cpu controller here)"
        log "warning: attackers run uncapped: no writable cgroup cpu controller"
    fi
}
remove_attack_cgroup() {
    [[ -n $ATTACK_CG ]] || return 0
    local i
    for i in 1 2 3 4 5; do rmdir "$ATTACK_CG" 2>/dev/null && return 0; sleep 0.2; done
    log "warning: could not remove $ATTACK_CG"
}
# Runs the command inside the attack cgroup (when there is one).
capped() {
    if [[ -n $ATTACK_CG ]]; then
        sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$ATTACK_CG" "$@"
    else
        "$@"
    fi
}
setup_attack_cgroup
trap 'cleanup; remove_attack_cgroup' EXIT

# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------
FAIL=0
RUN_START=$(date -u '+%Y-%m-%d %H:%M UTC')
{
    echo "## Resilience run, $RUN_START"
    echo
    echo "- machine: $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), Linux $(uname -r), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')"
    echo "- command: \`PARTS=\"$PARTS\" PHASE=$PHASE RAMP=$RAMP CONNS=$CONNS QUIC_RATE=$QUIC_RATE GARBAGE_RATE=$GARBAGE_RATE KILL_SECONDS=$KILL_SECONDS RELOAD_SECONDS=$RELOAD_SECONDS MIXED_SECONDS=$MIXED_SECONDS bench/resilience.sh\`"
    echo "- server: bench/resilience-server.php, worker_num 2, reactor_num 2; load and attackers run on the same CPUs, attackers $ATTACK_CG_NOTE"
    echo "- tools: $("$WRK" -v 2>&1 | head -1 | cut -d' ' -f1-2), $("$H2LOAD" --version 2>&1 | head -1), h3load (bench/h3load)"
    echo
}

# ---------------------------------------------------------------------------
# Attacks: baseline / attack / baseline
# ---------------------------------------------------------------------------
ATTACK_HEADER=0
attack_row() {   # name loadkind loadtext attack-command...
    local name=$1 kind=$2 what=$3
    shift 3
    local tag=${name//[^a-zA-Z0-9]/_} b2 r1 r2 ra d1 d f fa cpu0 cpu1 bcpu0 bcpu1 conns acpu0 acpu1
    local -a pids
    log "$name: baseline"
    start_sampler "$T/$tag.rss0"
    mapfile -t pids < <(tree_pids "$SERVER")
    bcpu0=$(cpu_ticks "${pids[@]}")
    load "$kind" "$PHASE" "$T/$tag.b1"
    mapfile -t pids < <(tree_pids "$SERVER")
    bcpu1=$(cpu_ticks "${pids[@]}")
    stop_sampler
    log "$name: attack"
    timeout $((PHASE + RAMP + 30)) capped "$@" --duration $((PHASE + RAMP + 1)) >"$T/$tag.attack" 2>&1 &
    local apid=$!
    BG[$apid]=1
    sleep "$RAMP"
    start_sampler "$T/$tag.rss1"
    mapfile -t pids < <(tree_pids "$SERVER")
    cpu0=$(cpu_ticks "${pids[@]}")
    acpu0=$(cpu_ticks $(tree_pids "$apid"))
    load "$kind" "$PHASE" "$T/$tag.a" &
    local lpid=$!
    sleep $((PHASE / 2))
    conns=$(metric trident_connections)
    wait "$lpid"
    mapfile -t pids < <(tree_pids "$SERVER")
    cpu1=$(cpu_ticks "${pids[@]}")
    acpu1=$(cpu_ticks $(tree_pids "$apid"))
    stop_sampler
    wait "$apid"
    unset "BG[$apid]"
    log "$name: baseline"
    load "$kind" "$PHASE" "$T/$tag.b2"
    read -r r1 d1 f <<<"$(parse_load "$kind" "$T/$tag.b1")"
    read -r ra d fa <<<"$(parse_load "$kind" "$T/$tag.a")"
    read -r r2 d b2 <<<"$(parse_load "$kind" "$T/$tag.b2")"
    f=$((f + b2))
    if ((ATTACK_HEADER == 0)); then
        ATTACK_HEADER=1
        echo "### Attacks"
        echo
        echo "Well-behaved req/s: baseline before / under attack / baseline after; loss against the mean of the two baselines. RSS in MiB, maxima of 0.5 s samples: master / manager / one worker (the larger) / all processes together. \"open\" is \`trident_connections\` (TCP connections the server holds) half-way through the attack. Server CPU µs/req: CPU time (user + system) of every server process during the first baseline and during the attack run, divided by the well-behaved requests done in it: the attack's cost on the server, whatever the attacker's own CPU takes from the machine. Attacker CPU: the attack tool's CPU time during the attack run as a share of one CPU (attackers run $ATTACK_CG_NOTE)."
        echo
        echo "| attack | load | req/s before / during / after | loss | failed (base / attack) | RSS baseline | RSS attack | open | server CPU µs/req base / attack | attacker CPU | attacker's summary |"
        echo "|---|---|---|---|---|---|---|---|---|---|---|"
    fi
    local loss
    loss=$(awk -v a="$ra" -v x="$r1" -v y="$r2" 'BEGIN { m = (x + y) / 2; if (m > 0) printf "%.1f %%", 100 * (1 - a / m); else print "n/a" }')
    # shellcheck disable=SC2016  # the backquotes are markdown
    printf '| %s | %s | %s / %s / %s | %s | %s / %s | %s | %s | %s | %s | %s | `%s` |\n' "$name" "$what" "$r1" "$ra" "$r2" "$loss" \
        "$f" "$fa" "$(rss_summary "$T/$tag.rss0")" "$(rss_summary "$T/$tag.rss1")" "${conns:-?}" \
        "$(awk -v b=$((bcpu1 - bcpu0)) -v t=$((cpu1 - cpu0)) -v hz="$CLK_TCK" -v n1="$d1" -v n="$d" \
            'BEGIN { printf "%.0f / %.0f", n1 ? b / hz * 1e6 / n1 : 0, n ? t / hz * 1e6 / n : 0 }')" \
        "$(awk -v a=$((acpu1 - acpu0)) -v hz="$CLK_TCK" -v s="$PHASE" 'BEGIN { printf "%.0f %%", 100 * a / hz / s }')" \
        "$(tail -1 "$T/$tag.attack")"
    ((f + fa == 0)) || FAIL=1
}

want() { [[ " $PARTS " == *" $1 "* ]]; }

if want slowloris; then
    attack_row "slowloris HTTP/1.1 heads, $CONNS conns" h1 "wrk h1" "$PYTHON" "$ATTACK/slowloris.py" --port "$P" --mode h1 --conns "$CONNS"
    attack_row "slowloris HTTP/2 prefaces, $CONNS conns" h2c "h2load h2c" "$PYTHON" "$ATTACK/slowloris.py" --port "$P" --mode h2 --conns "$CONNS"
    attack_row "slowloris TLS ClientHellos, $CONNS conns" h2 "h2load h2 (TLS)" "$PYTHON" "$ATTACK/slowloris.py" --port "$S" --mode tls --conns "$CONNS"
fi
if want h2floods; then
    attack_row "HTTP/2 rapid reset, 4 conns" h2c "h2load h2c" "$PYTHON" "$ATTACK/h2flood.py" --port "$P" --kind rapid-reset --conns 4
    attack_row "HTTP/2 CONTINUATION flood, 4 conns" h2c "h2load h2c" "$PYTHON" "$ATTACK/h2flood.py" --port "$P" --kind continuation --conns 4
    attack_row "HTTP/2 SETTINGS flood, 4 conns" h2c "h2load h2c" "$PYTHON" "$ATTACK/h2flood.py" --port "$P" --kind settings --conns 4
fi
if want quic; then
    r0=$(metric trident_quic_retries_total)
    attack_row "QUIC Initial flood, $QUIC_RATE/s from $QUIC_PORTS ports" h3 "h3load" "$PYTHON" "$ATTACK/quicflood.py" --port "$S" --kind initial --rate "$QUIC_RATE" --ports "$QUIC_PORTS"
    r1=$(metric trident_quic_retries_total)
    attack_row "QUIC garbage datagrams, $GARBAGE_RATE/s" h3 "h3load" "$PYTHON" "$ATTACK/quicflood.py" --port "$S" --kind garbage --rate "$GARBAGE_RATE" --ports "$QUIC_PORTS"
    QUIC_NOTE="Retry packets the server sent during the Initial flood (trident_quic_retries_total): $((r1 - r0))."
fi
((ATTACK_HEADER)) && { echo; [[ -n ${QUIC_NOTE:-} ]] && { echo "$QUIC_NOTE"; echo; }; }

# ---------------------------------------------------------------------------
# Worker killed every second
# ---------------------------------------------------------------------------
if want kill; then
    echo "### A worker killed (SIGKILL) every second"
    echo
    echo "Load on \`/sleep?ms=10\` (each request stays 10 ms in its worker) for ${KILL_SECONDS}s; every second the next worker (alternating) gets SIGKILL. \"in flight\" is \`trident_requests_in_flight\` (both workers) read just before each kill, summed over the kills; \"lost\" is the server's \`trident_worker_lost_requests_total\` over the run: the requests that were on the killed workers."
    echo
    echo "| load | kills | requests done | in flight at the kills (both workers) | lost (server) | failed (client) | failed == lost |"
    echo "|---|---|---|---|---|---|---|"
    for kind in h1 h2c h3; do
        log "kill: $kind"
        l0=$(metric trident_worker_lost_requests_total)
        load "$kind" "$KILL_SECONDS" "$T/kill.$kind" /sleep?ms=10 &
        lpid=$!
        kills=0 inflight=0 i=0
        sleep 1
        while any_alive "$lpid" && ((kills < KILL_SECONDS - 1)); do
            mapfile -t ws < <(workers)
            if ((${#ws[@]})); then
                n=$(metric trident_requests_in_flight)
                kill -KILL "${ws[$((i % ${#ws[@]}))]}" 2>/dev/null && { kills=$((kills + 1)); inflight=$((inflight + ${n:-0})); }
                i=$((i + 1))
            fi
            sleep 1
        done
        wait "$lpid"
        sleep 1
        l1=$(metric trident_worker_lost_requests_total)
        read -r _ d f <<<"$(parse_load "$kind" "$T/kill.$kind")"
        lost=$((l1 - l0))
        ok=yes
        ((f == lost)) || { ok=no; FAIL=1; }
        echo "| $kind | $kills | $d | $inflight | $lost | $f | $ok |"
    done
    echo
fi

# ---------------------------------------------------------------------------
# Reload every 2 s
# ---------------------------------------------------------------------------
if want reload; then
    echo "### Reload (SIGUSR1 to the master) every 2 s"
    echo
    echo "| load | reloads | requests done | req/s | failed |"
    echo "|---|---|---|---|---|"
    for kind in h1 h2 h3; do
        log "reload: $kind"
        load "$kind" "$RELOAD_SECONDS" "$T/reload.$kind" &
        lpid=$!
        reloads=0
        sleep 1
        while any_alive "$lpid" && ((reloads < RELOAD_SECONDS / 2 - 1)); do
            kill -USR1 "$SERVER" && reloads=$((reloads + 1))
            sleep 2
        done
        wait "$lpid"
        read -r r d f <<<"$(parse_load "$kind" "$T/reload.$kind")"
        ((f == 0)) || FAIL=1
        echo "| $kind | $reloads | $d | $r | $f |"
    done
    echo
    sleep 4   # the last reload's old workers finish before the next part samples RSS
fi

# ---------------------------------------------------------------------------
# Mixed load
# ---------------------------------------------------------------------------
# One client of the mixed part: mixed_load KIND PATH OUT 'TOOL OPTIONS'.
# shellcheck disable=SC2086  # args are separate options
mixed_load() {
    case $1 in
        h1) timeout $((MIXED_SECONDS + 30)) "$WRK" -t1 $4 -d"${MIXED_SECONDS}s" --timeout 5s "http://127.0.0.1:$P$2" ;;
        h2c) timeout $((MIXED_SECONDS + 30)) "$H2LOAD" -t1 $4 -D "$MIXED_SECONDS" "http://127.0.0.1:$P$2" ;;
        h2) timeout $((MIXED_SECONDS + 30)) "$H2LOAD" -t1 $4 -D "$MIXED_SECONDS" "https://127.0.0.1:$S$2" ;;
        h3) timeout $((MIXED_SECONDS + 40)) "$H3LOAD" -t1 $4 -D "$MIXED_SECONDS" "https://127.0.0.1:$S$2" ;;
    esac >"$3" 2>&1
}
if want mixed; then
    log "mixed: ${MIXED_SECONDS}s"
    ex0=$(metric trident_worker_abnormal_exits_total)
    logl0=$(wc -l <"$T/server.log")
    start_sampler "$T/mixed.rss" 5
    declare -A MIX=(
        [h1-get]="h1|/|-c8"
        [h1-upload]="h1|/upload|-c4 -s $T/post.lua"
        [h2c-stream]="h2c|/stream?n=16|-c2 -m2"
        [h2c-upload]="h2c|/upload|-c2 -m2 -d $T/upload.bin"
        [h2-get]="h2|/|-c4 -m4"
        [h3-get]="h3|/|-c4 -m4"
        [h3-upload]="h3|/upload|-c2 -m2 -d $T/upload.bin"
        [h3-stream]="h3|/stream?n=16|-c2 -m2"
    )
    declare -A MIXPID=()
    for name in "${!MIX[@]}"; do
        IFS='|' read -r kind path args <<<"${MIX[$name]}"
        mixed_load "$kind" "$path" "$T/mixed.$name" "$args" &
        MIXPID[$name]=$!
        BG[$!]=1
    done
    timeout $((MIXED_SECONDS + 30)) "$PYTHON" "$ATTACK/resets.py" --port "$P" --duration "$MIXED_SECONDS" --rate 10 >"$T/mixed.resets" 2>&1 &
    rpid=$!
    BG[$rpid]=1
    # RSS at the start is taken after 10 % of the run (at least 10 s): start-up allocations
    # (arenas, TLS sessions, coroutine stacks) are done by then.
    warm=$((MIXED_SECONDS / 10 > 10 ? MIXED_SECONDS / 10 : 10))
    sleep "$warm"
    q0=$(requests_total)
    roles >"$T/mixed.roles0"
    while read -r role pid; do printf '%s %s %s\n' "$role" "$pid" "$(rss_kb "$pid")"; done <"$T/mixed.roles0" >"$T/mixed.rss0"
    for name in "${!MIXPID[@]}"; do wait "${MIXPID[$name]}"; unset "BG[${MIXPID[$name]}]"; done
    wait "$rpid"
    unset "BG[$rpid]"
    q1=$(requests_total)
    while read -r role pid; do printf '%s %s %s\n' "$role" "$pid" "$(rss_kb "$pid")"; done <"$T/mixed.roles0" >"$T/mixed.rss1"
    stop_sampler
    ex1=$(metric trident_worker_abnormal_exits_total)
    logl1=$(wc -l <"$T/server.log")
    echo "### Mixed load, ${MIXED_SECONDS}s"
    echo
    echo "All at once: wrk h1 GET / (-c8) and 64 KiB POST /upload (-c4); h2load h2c /stream?n=16 (16 KiB in 16 writes) and 64 KiB uploads; h2load h2 over TLS GET /; h3load GET /, 64 KiB uploads and /stream?n=16; bench/attack/resets.py 10 resets/s (HTTP/1.1 RST mid-response, HTTP/2 RST_STREAM mid-response then a request on the same connection)."
    echo
    echo "| client | requests done | req/s | failed |"
    echo "|---|---|---|---|"
    total_failed=0
    for name in $(printf '%s\n' "${!MIX[@]}" | sort); do
        kind=${MIX[$name]%%|*}
        read -r r d f <<<"$(parse_load "$kind" "$T/mixed.$name")"
        [[ -n $d && $d -gt 0 ]] || f=${f:-1}
        total_failed=$((total_failed + ${f:-1}))
        echo "| $name | $d | $r | $f |"
    done
    echo "| resets.py | $(tail -1 "$T/mixed.resets") | | |"
    echo
    unexpected=$("$PYTHON" -c 'import json,sys; print(json.loads(sys.stdin.read().splitlines()[-1])["unexpected"])' <"$T/mixed.resets" 2>/dev/null || echo 1)
    total_failed=$((total_failed + unexpected))
    ((total_failed == 0 && ex1 - ex0 == 0 && logl1 == logl0)) || FAIL=1
    echo "Unexpected errors: $total_failed failed requests or resets, $((ex1 - ex0)) workers that died, $((logl1 - logl0)) server log lines (log_level warning)."
    echo
    echo "RSS from $warm s in to the end ($((q1 - q0)) requests, all protocols, \`trident_requests_total\`):"
    echo
    echo "| process | pid | RSS start (KiB) | RSS end (KiB) | max (KiB) | growth per 10^6 requests (KiB) |"
    echo "|---|---|---|---|---|---|"
    while read -r role pid kb0; do
        kb1=$(awk -v p="$pid" '$2 == p { print $3 }' "$T/mixed.rss1")
        mx=$(awk -v p="$pid" '$3 == p && $4 > m { m = $4 } END { print m + 0 }' "$T/mixed.rss")
        echo "| $role | $pid | $kb0 | ${kb1:-gone} | $mx | $(awk -v a="$kb0" -v b="${kb1:-0}" -v q=$((q1 - q0)) 'BEGIN { if (q > 0) printf "%.1f", (b - a) * 1e6 / q; else print "n/a" }') |"
    done <"$T/mixed.rss0"
    echo
fi

if ((FAIL)); then
    log "some condition was not met (see the report); raw output in $T with BENCH_KEEP=1"
    [[ -s $T/server.log ]] && { log "server log:"; tail -20 "$T/server.log" >&2; }
fi
exit $FAIL
