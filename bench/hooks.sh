#!/usr/bin/env bash
# Coroutine I/O hooks benchmark: the same Trident server with the hooks on (default
# 'hook_flags', HOOK_ALL) and off ('hook_flags' => 0), in one run, alternating.
#
#   1. db:    every request does one Redis GET and one primary-key SELECT (table of 10,000
#             rows) against the private MariaDB and Redis of scripts/services. Hooks on: each
#             request takes its own connections from a Trident\Coroutine\Pool; hooks off: one
#             connection of each per worker. wrk req/s, p99, CPU per request (Trident's and
#             the database servers').
#      dblat: the same with DB_LATENCY_MS of wait in MariaDB (SLEEP() in the SELECT, no
#             CPU), as when the database is one network hop away rather than on loopback.
#   2. hello: "Hello, World!\n", no I/O: the hooks must cost nothing. wrk req/s.
#   3. instructions per request of the two worker processes under callgrind, for hello
#      (the cost of the hooks when no I/O happens) and for db (what the hooked I/O path, the
#      pool and the coroutine switches cost in user space).
#
# Usage:   bench/hooks.sh            (about 4 minutes with the defaults)
# Tunables (environment variables, defaults in brackets):
#   DURATION [8]           seconds of each measured wrk run
#   WARMUP [2]             seconds of the un-measured wrk run before it (0 disables it)
#   ROUNDS [3]             rounds; each runs both variants (on/off, then off/on in the
#                          next round), the median of each column is reported
#   WRK_THREADS [2], WRK_CONNECTIONS [64]   wrk -t, -c
#   DB_LATENCY_MS [1]      the wait of the dblat part; 0 skips that part
#   PARTS [db dblat hello cg-hello cg-db]   the parts to run (cg-*: callgrind)
#   CALLGRIND [1]          0 skips the instruction count
#   CG_REQUESTS [20000]    hello requests counted under callgrind (see below)
#   CG_BASE [2000]         hello requests of the short callgrind run subtracted from the long one
#   CG_DB_REQUESTS [4000], CG_DB_BASE [500]   the same for db (0 requests: skipped)
#   CG_CONNECTIONS [1]     h2load connections under callgrind
#   PORT_TRIDENT [18290]   preferred port on 127.0.0.1; a busy one is replaced by the next free
#   BENCH_POOL_SIZE [64]   Pool size per worker (hooks on)
#   PHP [php], TRIDENT_SO [<repo>/modules/trident.so], WRK [wrk], H2LOAD [h2load], VALGRIND [valgrind]
#   START_TIMEOUT [15]     seconds to wait for a server to answer (4x under callgrind)
#   STOP_TIMEOUT [10]      seconds to wait for a server to exit before SIGKILL
#   BENCH_KEEP [0]         1 keeps the temporary directory (logs, wrk output, callgrind files)
#
# Instructions per request: callgrind runs the whole server (workers are forked, so they
# stay under callgrind); at exit each process writes its own file. Each variant runs twice,
# with CG_BASE and with CG_BASE + CG_REQUESTS requests (h2load --h1 -n, CG_CONNECTIONS
# connections); the difference of the two workers' instruction totals divided by
# CG_REQUESTS is the per-request cost, start-up and shutdown cancelled out. One connection
# by default: every request is then one wake-up of a worker, whereas with several
# connections the number of requests a wake-up batches depends on timing and moves the
# count by about 1 % from run to run, more than the difference to be measured.
#
# stdout carries only the markdown report; progress goes to stderr.
# Exit status: 0 when every part that was not skipped was measured, 1 when one failed,
# 2 on a usage or environment error.

# shellcheck disable=SC2317  # functions are called indirectly (traps)
set -uo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)

DURATION=${DURATION:-8}
WARMUP=${WARMUP:-2}
ROUNDS=${ROUNDS:-3}
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-64}
DB_LATENCY_MS=${DB_LATENCY_MS:-1}
PARTS=${PARTS:-db dblat hello cg-hello cg-db}
CALLGRIND=${CALLGRIND:-1}
CG_REQUESTS=${CG_REQUESTS:-20000}
CG_BASE=${CG_BASE:-2000}
CG_DB_REQUESTS=${CG_DB_REQUESTS:-4000}
CG_DB_BASE=${CG_DB_BASE:-500}
CG_CONNECTIONS=${CG_CONNECTIONS:-1}
PORT_TRIDENT=${PORT_TRIDENT:-18290}
BENCH_POOL_SIZE=${BENCH_POOL_SIZE:-64}
START_TIMEOUT=${START_TIMEOUT:-15}
STOP_TIMEOUT=${STOP_TIMEOUT:-10}
PHP=${PHP:-php}
TRIDENT_SO=${TRIDENT_SO:-$ROOT/modules/trident.so}
WRK=${WRK:-wrk}
H2LOAD=${H2LOAD:-h2load}
VALGRIND=${VALGRIND:-valgrind}
BENCH_KEEP=${BENCH_KEEP:-0}
export BENCH_POOL_SIZE

SERVER="$ROOT/bench/hooks-server.php"
# Driver extensions of the db variant, in load order (php -n reads no conf.d).
DB_EXTENSIONS=(mysqlnd pdo igbinary pdo_mysql redis)
VARIANTS=(on off)
declare -A LABEL=([server]="hooks server" [on]="hooks on (HOOK_ALL)" [off]="hooks off (hook_flags 0)")
declare -A EXPECT_FLAGS=([on]="" [off]="0")   # "on": filled in from Trident\Runtime::HOOK_ALL

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 2; }

for v in DURATION WARMUP ROUNDS WRK_THREADS WRK_CONNECTIONS DB_LATENCY_MS CALLGRIND CG_REQUESTS CG_BASE \
         CG_DB_REQUESTS CG_DB_BASE \
         CG_CONNECTIONS PORT_TRIDENT BENCH_POOL_SIZE START_TIMEOUT STOP_TIMEOUT; do
    [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a non-negative integer (got '${!v}')"
done
((DURATION >= 1 && ROUNDS >= 1)) || die "DURATION and ROUNDS must be at least 1"
((WRK_THREADS >= 1 && WRK_CONNECTIONS >= WRK_THREADS)) ||
    die "need WRK_THREADS >= 1 and WRK_CONNECTIONS >= WRK_THREADS"
((CG_CONNECTIONS >= 1)) || die "CG_CONNECTIONS must be at least 1"

command -v "$WRK" >/dev/null || die "wrk not found (apt-get install wrk)"
command -v curl >/dev/null || die "curl not found (apt-get install curl)"
command -v "$PHP" >/dev/null || die "php not found"
[[ -f $TRIDENT_SO ]] || die "$TRIDENT_SO not found: build first (scripts/build) or set TRIDENT_SO"
command -v pgrep >/dev/null || die "pgrep not found (apt-get install procps)"

BENCH_TMP_PREFIX=trident-bench-hooks
# shellcheck source=bench/lib.sh
source "$SCRIPT_DIR/lib.sh"
pick_port server "$PORT_TRIDENT"
SRV_PORT=${PORT[server]}
printf 'Hello, World!\n' >"$BENCH_TMP/hello.body"

EXPECT_FLAGS[on]=$("$PHP" -n -d "extension=$TRIDENT_SO" -r 'echo Trident\Runtime::HOOK_ALL;') ||
    die "$TRIDENT_SO does not load in $PHP"

declare -A STATUS=()   # per part (db, dblat, hello, cg-hello, cg-db): "" ok, "skip:<why>", "fail:<why>"
declare -A RPS=() P99=() CPU=() DBCPU=() IR=() WARN=()

warn() { WARN[$1]="${WARN[$1]:+${WARN[$1]}; }$2"; log "$1: $2"; }

# ---------------------------------------------------------------------------
# Database servers (private: scripts/services)
# ---------------------------------------------------------------------------

SERVICES_STARTED=0
DB_PIDS=()
stop_services() {
    ((SERVICES_STARTED)) || return 0
    "$ROOT/scripts/services" stop >/dev/null 2>&1
}

# Starts MariaDB and Redis (reused when this checkout's instances already run), exports
# their TRIDENT_TEST_* variables and fills the table and the keys. On failure SERVICES_FAIL
# says why ("skip:..." or "fail:...").
setup_services() {
    local env_file=$BENCH_TMP/services.env out
    if ! "$ROOT/scripts/services" status >/dev/null 2>&1; then
        SERVICES_STARTED=1
        log "starting the private database servers (scripts/services start)"
        "$ROOT/scripts/services" start >"$BENCH_TMP/services.log" 2>&1 ||
            log "scripts/services start: not all servers started (see below)"
    else
        log "database servers of this checkout already running: reused"
    fi
    "$ROOT/scripts/services" env >"$env_file" 2>/dev/null || { SERVICES_FAIL="skip:scripts/services env failed"; return 1; }
    # shellcheck disable=SC1090
    source "$env_file"
    local s
    for s in MYSQL REDIS; do
        local why="TRIDENT_TEST_${s}_UNAVAILABLE"
        [[ -n ${!why:-} ]] && { SERVICES_FAIL="skip:${s,,} not available: ${!why}"; return 1; }
    done
    export TRIDENT_TEST_MYSQL_HOST TRIDENT_TEST_MYSQL_PORT TRIDENT_TEST_MYSQL_USER \
        TRIDENT_TEST_MYSQL_PASSWORD TRIDENT_TEST_MYSQL_DB TRIDENT_TEST_REDIS_HOST TRIDENT_TEST_REDIS_PORT
    DB_PIDS=("$(cat "$ROOT/_build/services/mariadb/mariadbd.pid" 2>/dev/null)"
             "$(cat "$ROOT/_build/services/redis/redis.pid" 2>/dev/null)")
    local -a cmd=("$PHP" -n)
    for s in "${DB_EXTENSIONS[@]}"; do cmd+=(-d "extension=$s"); done
    if ! out=$("${cmd[@]}" -d "extension=$TRIDENT_SO" "$SERVER" setup 2>&1) || [[ $out != ok ]]; then
        SERVICES_FAIL="fail:data set setup failed: $(head -n 3 <<<"$out" | paste -sd ' ' -)"
        return 1
    fi
    log "MariaDB on port $TRIDENT_TEST_MYSQL_PORT, Redis on port $TRIDENT_TEST_REDIS_PORT: table bench_hooks and 10,000 keys ready"
}

# ---------------------------------------------------------------------------
# Servers
# ---------------------------------------------------------------------------

ROOT_PID=""
# start_server DIR PART VARIANT [wrapper...]: the server in the background, its root pid in ROOT_PID.
start_server() {
    local dir=$1 mode=$2 variant=$3 latency=0
    shift 3
    [[ $mode == dblat ]] && { mode=db; latency=$DB_LATENCY_MS; }
    local -a cmd=(env "BENCH_DB_LATENCY_MS=$latency" "$@" "$PHP" -n)
    local e
    if [[ $mode == db ]]; then
        for e in "${DB_EXTENSIONS[@]}"; do cmd+=(-d "extension=$e"); done
    fi
    cmd+=(-d "extension=$TRIDENT_SO" "$SERVER" "$SRV_PORT" "$mode" "$variant")
    mkdir -p "$dir"
    printf '%q ' "${cmd[@]}" >"$dir/command"
    "${cmd[@]}" >"$dir/server.log" 2>&1 </dev/null &
    ROOT_PID=$!
    STARTED[$ROOT_PID]=1
}

# ready DIR PART VARIANT TIMEOUT: answers, with the right body, and both workers report the
# variant's hook flags. Sets FAIL_REASON.
ready() {
    local dir=$1 mode=${2/dblat/db} variant=$3 deadline=$((SECONDS + $4)) url="http://127.0.0.1:$SRV_PORT/" code n
    [[ $mode == db ]] && url+="?id=42"
    until curl -s -o /dev/null --max-time 2 "$url"; do
        any_alive "$ROOT_PID" || { FAIL_REASON="server exited during startup"; return 1; }
        ((SECONDS >= deadline)) && { FAIL_REASON="no answer on port $SRV_PORT within $4 s"; return 1; }
        sleep 0.2
    done
    if [[ $mode == db ]]; then
        printf '42 r42 %s\n' "$("$PHP" -n -r 'echo str_repeat(sprintf("%05d", 42), 20);')" >"$dir/expected.body"
    else
        cp "$BENCH_TMP/hello.body" "$dir/expected.body"
    fi
    code=$(curl -s --max-time 10 -o "$dir/check.body" -w '%{http_code}' "$url") || code=curl-error
    [[ $code == 200 ]] || { FAIL_REASON="GET $url answered $code"; return 1; }
    cmp -s "$dir/check.body" "$dir/expected.body" ||
        { FAIL_REASON="GET $url: unexpected body $(head -c 80 "$dir/check.body")"; return 1; }
    until n=$(grep -c "^worker [0-9]* hook_flags ${EXPECT_FLAGS[$variant]}\$" "$dir/server.log"); ((n >= 2)); do
        ((SECONDS >= deadline)) && { FAIL_REASON="workers did not report hook_flags ${EXPECT_FLAGS[$variant]} (server.log)"; return 1; }
        sleep 0.2
    done
}

show_log() {
    [[ -s $1 ]] || return 0
    log "---- tail of $1"
    tail -n 20 "$1" | sed 's/^/[bench]   /' >&2
}

run_wrk() {
    local out=$1 seconds=$2 rc
    timeout -k 5 $((seconds + 30)) "$WRK" -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${seconds}s" \
        --latency "http://127.0.0.1:$SRV_PORT/" >"$out" 2>&1 </dev/null &
    LOAD_PID=$!
    wait "$LOAD_PID"
    rc=$?
    LOAD_PID=""
    return $rc
}

# ---------------------------------------------------------------------------
# wrk rounds
# ---------------------------------------------------------------------------

# measure PART VARIANT ROUND: one server start, warm-up, measured wrk run, stop.
measure() {
    local part=$1 variant=$2 round=$3 dir="$BENCH_TMP/$1-$2-r$3" key="$1:$2"
    local -a pids dbp=()
    local t0 t1 d0=0 d1=0 rc rps reqs p99_raw p99 errs
    start_server "$dir" "$part" "$variant"
    if ! ready "$dir" "$part" "$variant" "$START_TIMEOUT"; then
        STATUS[$part]="fail:${LABEL[$variant]}: $FAIL_REASON"
        log "$part ${LABEL[$variant]}: FAILED: $FAIL_REASON"
        show_log "$dir/server.log"
        stop_tree "$ROOT_PID"
        return 1
    fi
    if ((WARMUP > 0)); then
        run_wrk "$dir/wrk-warmup.txt" "$WARMUP" || log "$part ${LABEL[$variant]}: warm-up wrk failed (ignored)"
    fi
    mapfile -t pids < <(tree_pids "$ROOT_PID")
    [[ $part == db* ]] && dbp=("${DB_PIDS[@]}")
    t0=$(cpu_ticks "${pids[@]}")
    ((${#dbp[@]})) && d0=$(cpu_ticks "${dbp[@]}")
    log "round $round/$ROUNDS $part ${LABEL[$variant]}: measuring ${DURATION}s"
    run_wrk "$dir/wrk.txt" "$DURATION"
    rc=$?
    t1=$(cpu_ticks "${pids[@]}")
    ((${#dbp[@]})) && d1=$(cpu_ticks "${dbp[@]}")
    stop_tree "$ROOT_PID" || warn "$part" "round $round ${LABEL[$variant]}: server ignored SIGTERM and was killed"

    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$dir/wrk.txt")
    reqs=$(awk '/ requests in / { print $1; exit }' "$dir/wrk.txt")
    p99_raw=$(awk '$1 == "99%" { print $2; exit }' "$dir/wrk.txt")
    p99=$(to_ms "$p99_raw" 2>/dev/null) || p99=""
    if ((rc != 0)) || [[ -z $rps || -z $reqs || -z $p99 ]] || ((reqs == 0)); then
        STATUS[$part]="fail:${LABEL[$variant]}: wrk failed (exit $rc)"
        log "$part ${LABEL[$variant]}: FAILED: wrk exit $rc:"
        sed 's/^/[bench]   /' "$dir/wrk.txt" >&2
        return 1
    fi
    errs=$(grep -E '^ *(Socket errors|Non-2xx or 3xx responses):' "$dir/wrk.txt" | sed 's/^ *//' | paste -sd ';' -)
    [[ -n $errs ]] && warn "$part" "round $round ${LABEL[$variant]}: $errs"
    RPS[$key]+=" $rps"
    P99[$key]+=" $p99"
    CPU[$key]+=" $(awk -v d=$((t1 - t0)) -v hz="$CLK_TCK" -v n="$reqs" 'BEGIN { printf "%.3f", d * 1e6 / hz / n }')"
    ((${#dbp[@]})) && DBCPU[$key]+=" $(awk -v d=$((d1 - d0)) -v hz="$CLK_TCK" -v n="$reqs" 'BEGIN { printf "%.3f", d * 1e6 / hz / n }')"
    log "round $round/$ROUNDS $part ${LABEL[$variant]}: $rps req/s, p99 $p99_raw, $reqs requests"
}

# Both variants per round; the order flips every round so that a drift of the machine's
# speed during the run weighs on both alike.
rounds() {
    local part=$1 round v
    local -a order
    for ((round = 1; round <= ROUNDS; round++)); do
        if ((round % 2)); then order=(on off); else order=(off on); fi
        for v in "${order[@]}"; do
            [[ -n ${STATUS[$part]:-} ]] && return
            measure "$part" "$v" "$round"
        done
    done
}

# ---------------------------------------------------------------------------
# Instructions per request (callgrind)
# ---------------------------------------------------------------------------

# cg_run PART VARIANT N: N requests to a server running under callgrind; CG_TOTAL gets the
# instruction total of its two worker processes (the manager's children).
cg_run() {
    local part=$1 variant=$2 n=$3 dir="$BENCH_TMP/cg-$1-$2-$3" url out manager w total=0 ir
    local -a workers
    local key=cg-$part
    start_server "$dir" "$part" "$variant" "$VALGRIND" --tool=callgrind "--callgrind-out-file=$dir/callgrind.out.%p"
    if ! ready "$dir" "$part" "$variant" $((START_TIMEOUT * 4)); then
        STATUS[$key]="fail:${LABEL[$variant]}: $FAIL_REASON"
        show_log "$dir/server.log"
        stop_tree "$ROOT_PID"
        return 1
    fi
    manager=$(pgrep -P "$ROOT_PID" | head -n 1)
    mapfile -t workers < <(pgrep -P "$manager" 2>/dev/null)
    if ((${#workers[@]} != 2)); then
        STATUS[$key]="fail:expected 2 worker processes, found ${#workers[@]}"
        stop_tree "$ROOT_PID"
        return 1
    fi
    out=$dir/h2load.txt
    url="http://127.0.0.1:$SRV_PORT/"
    timeout -k 5 300 "$H2LOAD" --h1 -n "$n" -c "$CG_CONNECTIONS" "$url" >"$out" 2>&1 </dev/null &
    LOAD_PID=$!
    wait "$LOAD_PID"
    LOAD_PID=""
    if ! grep -q "status codes: $n 2xx" "$out"; then
        STATUS[$key]="fail:${LABEL[$variant]}: h2load did not get $n x 2xx ($(grep -E '^requests:' "$out"))"
        stop_tree "$ROOT_PID"
        return 1
    fi
    stop_tree "$ROOT_PID" || warn "$key" "${LABEL[$variant]}: server ignored SIGTERM and was killed"
    for w in "${workers[@]}"; do
        ir=$(awk '/^summary:/ { print $2; exit }' "$dir/callgrind.out.$w" 2>/dev/null)
        [[ $ir =~ ^[0-9]+$ ]] || { STATUS[$key]="fail:no callgrind total for worker $w"; return 1; }
        total=$((total + ir))
    done
    log "callgrind $part ${LABEL[$variant]}: $n requests, workers ${workers[*]}: $total instructions"
    CG_TOTAL=$total
    CG_DIRS[$part:$variant:$n]=$dir
}

# callgrind_part PART BASE REQUESTS: IR[PART:VARIANT] = instructions per request.
callgrind_part() {
    local part=$1 base=$2 reqs=$3 v small large key=cg-$1
    if ((!CALLGRIND)); then STATUS[$key]="skip:CALLGRIND=0"; return; fi
    ((reqs > 0)) || { STATUS[$key]="skip:no requests asked for"; return; }
    command -v "$VALGRIND" >/dev/null || { STATUS[$key]="skip:valgrind not installed"; return; }
    command -v "$H2LOAD" >/dev/null || { STATUS[$key]="skip:h2load not installed (nghttp2-client)"; return; }
    for v in "${VARIANTS[@]}"; do
        cg_run "$part" "$v" "$base" || return
        small=$CG_TOTAL
        cg_run "$part" "$v" $((base + reqs)) || return
        large=$CG_TOTAL
        IR[$part:$v]=$(( (large - small) / reqs ))
        log "callgrind $part ${LABEL[$v]}: ${IR[$part:$v]} instructions per request"
    done
}

# ---------------------------------------------------------------------------
# Run
# ---------------------------------------------------------------------------

declare -A CG_DIRS=()
START_SECONDS=$SECONDS
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
trap 'cleanup; stop_services' EXIT

wanted() { [[ " $PARTS " == *" $1 "* ]]; }
for p in $PARTS; do
    case $p in db|dblat|hello|cg-hello|cg-db) ;; *) die "unknown part '$p' in PARTS" ;; esac
done
for p in db dblat hello cg-hello cg-db; do wanted "$p" || STATUS[$p]="skip:not in PARTS"; done
((DB_LATENCY_MS > 0)) || STATUS[dblat]="skip:DB_LATENCY_MS=0"

if wanted db || wanted dblat || wanted cg-db; then
    if ! setup_services; then
        for p in db dblat cg-db; do [[ -z ${STATUS[$p]:-} ]] && STATUS[$p]=$SERVICES_FAIL; done
    fi
fi
[[ -z ${STATUS[db]:-} ]] && rounds db
[[ -z ${STATUS[dblat]:-} ]] && rounds dblat
wanted hello && rounds hello
wanted cg-hello && callgrind_part hello "$CG_BASE" "$CG_REQUESTS"
[[ -z ${STATUS[cg-db]:-} ]] && callgrind_part db "$CG_DB_BASE" "$CG_DB_REQUESTS"

# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

med() {  # med ARRAY KEY: median of the values collected under KEY, "" when none
    local -n arr=$1
    [[ -n ${arr[$2]:-} ]] || return 0
    # shellcheck disable=SC2086
    median ${arr[$2]}
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.3f", a / b; else print "n/a" }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%+.1f %%", (a / b - 1) * 100; else print "n/a" }'; }

part_status() {
    local st=${STATUS[$1]:-}
    case $st in
        skip:*) echo "skipped: ${st#skip:}" ;;
        fail:*) echo "FAILED: ${st#fail:}" ;;
    esac
}

cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
echo "## Coroutine hooks"
echo
echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), host: $(nproc) CPUs${cpu_model:+ ($cpu_model)}, Linux $(uname -r), load average (1, 5, 15 min) before the run: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- $("$PHP" -n -v | head -n 1); Trident $TRIDENT_SO, worker_num=2, reactor_num=2; wrk, MariaDB and Redis run on the same CPUs"
echo "- load: \`wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${DURATION}s --latency\`, warm-up ${WARMUP}s, $ROUNDS rounds alternating on/off (median of each column)"
[[ -n ${RPS[db:on]:-}${RPS[dblat:on]:-}${IR[db:on]:-} ]] &&
    echo "- db: $(mariadbd --version 2>/dev/null | sed 's/^.*Ver //' | cut -d' ' -f1), Redis $(redis-server --version 2>/dev/null | sed 's/.*v=\([^ ]*\).*/\1/'), private instances (scripts/services); Pool size $BENCH_POOL_SIZE per worker with hooks on"
echo

wrk_table() {
    local part=$1 title=$2 v key on off
    [[ ${STATUS[$part]:-} == "skip:not in PARTS" ]] && return
    echo "### $title"
    echo
    local st; st=$(part_status "$part")
    [[ -n $st ]] && { echo "$st"; echo; }
    if [[ $part == db* ]]; then
        echo "| variant | req/s | p99 | Trident CPU µs/req | MariaDB+Redis CPU µs/req |"
        echo "|---|---:|---:|---:|---:|"
    else
        echo "| variant | req/s | p99 | Trident CPU µs/req |"
        echo "|---|---:|---:|---:|"
    fi
    for v in "${VARIANTS[@]}"; do
        key="$part:$v"
        [[ -n ${RPS[$key]:-} ]] || continue
        printf '| %s | %.0f | %.2f ms | %.1f |' "${LABEL[$v]}" "$(med RPS "$key")" "$(med P99 "$key")" "$(med CPU "$key")"
        [[ $part == db* ]] && printf ' %.1f |' "$(med DBCPU "$key")"
        printf '\n'
    done
    echo
    on=$(med RPS "$part:on")
    off=$(med RPS "$part:off")
    if [[ -n $on && -n $off ]]; then
        local -a r_on r_off
        read -r -a r_on <<<"${RPS[$part:on]}"
        read -r -a r_off <<<"${RPS[$part:off]}"
        echo "**on/off req/s: $(ratio "$on" "$off")x** ($(pct "$on" "$off")); p99 on/off: $(ratio "$(med P99 "$part:on")" "$(med P99 "$part:off")")x; rounds (req/s): on$(printf ' %.0f' "${r_on[@]}"), off$(printf ' %.0f' "${r_off[@]}")"
        echo
    fi
}

wrk_table db "Redis GET + MariaDB primary-key SELECT per request"
wrk_table dblat "The same with $DB_LATENCY_MS ms of database latency (SLEEP in the SELECT)"
wrk_table hello "Hello world, no I/O"

cg_table() {
    local part=$1 title=$2 base=$3 reqs=$4 v st
    [[ ${STATUS[cg-$part]:-} == "skip:not in PARTS" ]] && return
    echo "### $title"
    echo
    st=$(part_status "cg-$part")
    if [[ -n $st ]]; then
        echo "$st"
        echo
        return
    fi
    echo "\`h2load --h1 -c$CG_CONNECTIONS\`, ($((base + reqs)) − $base requests) under \`valgrind --tool=callgrind\`, both workers"
    echo
    echo "| variant | instructions/request |"
    echo "|---|---:|"
    for v in "${VARIANTS[@]}"; do printf '| %s | %d |\n' "${LABEL[$v]}" "${IR[$part:$v]}"; done
    echo
    echo "**on/off instructions: $(ratio "${IR[$part:on]}" "${IR[$part:off]}")x** ($(pct "${IR[$part:on]}" "${IR[$part:off]}"))"
    if ((BENCH_KEEP)); then
        echo
        echo "callgrind files: on: ${CG_DIRS[$part:on:$((base + reqs))]}, off: ${CG_DIRS[$part:off:$((base + reqs))]} (minus ${CG_DIRS[$part:on:$base]}, ${CG_DIRS[$part:off:$base]})"
    fi
    echo
}

cg_table hello "Hello world: instructions per request (callgrind)" "$CG_BASE" "$CG_REQUESTS"
cg_table db "Redis GET + MariaDB SELECT: instructions per request (callgrind)" "$CG_DB_BASE" "$CG_DB_REQUESTS"

if ((${#WARN[@]})); then
    echo
    echo "Warnings:"
    for k in "${!WARN[@]}"; do echo "- $k: ${WARN[$k]}"; done
fi
echo
echo "(run took $((SECONDS - START_SECONDS)) s)"

rc=0
for k in db dblat hello cg-hello cg-db; do [[ ${STATUS[$k]:-} == fail:* ]] && rc=1; done
exit $rc
