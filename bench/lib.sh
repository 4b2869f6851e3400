# Shared by the run-*.sh scripts and resilience.sh: process bookkeeping, CPU accounting from /proc,
# cleanup on exit, free-port selection, the nginx configuration of the nginx-based rows and the
# report helpers. Source it after `log`, `die` and the settings are defined; BENCH_TMP_PREFIX
# names the temporary directory.
CLK_TCK=$(getconf CLK_TCK 2>/dev/null) || CLK_TCK=100
[[ $CLK_TCK =~ ^[0-9]+$ ]] && ((CLK_TCK > 0)) || CLK_TCK=100

BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/${BENCH_TMP_PREFIX:-trident-bench}.XXXXXX") || die "mktemp failed"
printf 'Hello, World!\n' >"$BENCH_TMP/expected.body"

# ---------------------------------------------------------------------------
# Process bookkeeping and cleanup
# ---------------------------------------------------------------------------

declare -A STARTED=()   # root pids of servers this script started
LOAD_PID=""
# Other background jobs (attackers, samplers, extra load generators): pid -> 1, stopped on exit
# before the servers so that none of them sees a server go away and reports it.
declare -A BG=()
CLEANED=0

# State letter of a process ("" when it does not exist).
proc_state() {
    local line
    line=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
    line=${line##*) }
    printf '%s\n' "${line%% *}"
}

# True when at least one of the given pids is alive (zombies count as dead).
any_alive() {
    local p s
    for p in "$@"; do
        s=$(proc_state "$p")
        [[ -n $s && $s != Z && $s != X ]] && return 0
    done
    return 1
}

# Every pid of the process tree rooted at $1 (the root first), one walk of pgrep -P.
tree_pids() {
    local -a queue=("$@") found=()
    local p c
    while ((${#queue[@]})); do
        p=${queue[0]}
        queue=("${queue[@]:1}")
        [[ -e /proc/$p/stat ]] || continue
        found+=("$p")
        for c in $(pgrep -P "$p" 2>/dev/null); do
            queue+=("$c")
        done
    done
    ((${#found[@]})) && printf '%s\n' "${found[@]}"
    return 0
}

# Sum of utime+stime+cutime+cstime (clock ticks) over the given pids.
# utime/stime of /proc/PID/stat already include all threads of the process;
# cutime/cstime add children that exited and were reaped by a process of the
# tree, so a worker replaced during the run is not lost.
cpu_ticks() {
    local total=0 p line
    local -a f
    for p in "$@"; do
        line=$(cat "/proc/$p/stat" 2>/dev/null) || continue
        line=${line##*) }          # fields from 3 (state) on; comm may contain spaces
        read -r -a f <<<"$line"
        total=$((total + f[11] + f[12] + f[13] + f[14]))   # fields 14, 15, 16, 17
    done
    printf '%s\n' "$total"
}

# Stop the process tree rooted at $1: SIGTERM to the root, wait, then SIGKILL
# whatever is left of the tree. Returns 1 when SIGKILL was needed.
stop_tree() {
    local root=$1 deadline rc=0
    local -a pids
    mapfile -t pids < <(tree_pids "$root")
    if ((${#pids[@]})); then
        kill -TERM "$root" 2>/dev/null
        deadline=$((SECONDS + STOP_TIMEOUT))
        while any_alive "${pids[@]}" && ((SECONDS < deadline)); do
            sleep 0.1
        done
        if any_alive "${pids[@]}"; then
            log "pid $root did not stop within ${STOP_TIMEOUT}s of SIGTERM, sending SIGKILL"
            rc=1
            kill -KILL "${pids[@]}" 2>/dev/null
            deadline=$((SECONDS + 5))
            while any_alive "${pids[@]}" && ((SECONDS < deadline)); do
                sleep 0.1
            done
        fi
    fi
    wait "$root" 2>/dev/null
    unset "STARTED[$root]"
    return $rc
}

cleanup() {
    ((CLEANED)) && return
    CLEANED=1
    trap '' INT TERM HUP
    local pid
    for pid in "${!BG[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for pid in "${!BG[@]}"; do wait "$pid" 2>/dev/null; unset "BG[$pid]"; done
    if [[ -n $LOAD_PID ]]; then
        kill -TERM "$LOAD_PID" 2>/dev/null
        wait "$LOAD_PID" 2>/dev/null
    fi
    for pid in "${!STARTED[@]}"; do
        stop_tree "$pid"
    done
    if [[ $BENCH_KEEP == 1 ]]; then
        log "kept $BENCH_TMP"
    else
        rm -rf "$BENCH_TMP"
    fi
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM HUP

# ---------------------------------------------------------------------------
# Ports
# ---------------------------------------------------------------------------

port_busy() {
    local p=$1
    if command -v ss >/dev/null; then
        [[ -n $(ss -Hltn "sport = :$p" 2>/dev/null) ]]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null
    fi
}

declare -A PORT=()
declare -A PORT_TAKEN=()
pick_port() {
    local id=$1 p=$2 limit=$(($2 + 200))
    while ((p < limit)); do
        if [[ -z ${PORT_TAKEN[$p]:-} ]] && ! port_busy "$p"; then
            PORT[$id]=$p
            PORT_TAKEN[$p]=1
            [[ $p != "$2" ]] && log "port $2 is busy, ${LABEL[$id]} uses $p"
            return 0
        fi
        p=$((p + 1))
    done
    die "no free port in $2..$((limit - 1))"
}

# pick_port looks at TCP listeners only; HTTP/3 also needs the UDP port of the same number.
udp_busy() {
    command -v ss >/dev/null || return 1
    [[ -n $(ss -Hlun "sport = :$1" 2>/dev/null) ]]
}
pick_port_both() {
    local id=$1 p=$2 tries=0
    while :; do
        pick_port "$id" "$p"
        udp_busy "${PORT[$id]}" || return 0
        p=${PORT[$id]}
        p=$((p + 1))
        ((++tries < 200)) || die "no port free for both TCP and UDP near $2"
    done
}

# h2load durations ("812us", "1.23ms", "2.01s") -> milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (!match(v, /^[0-9.]+/)) exit 1
        n = substr(v, 1, RLENGTH); u = substr(v, RLENGTH + 1)
        if (u == "us") n /= 1000
        else if (u == "ms") n += 0
        else if (u == "s") n *= 1000
        else if (u == "m") n *= 60000
        else if (u == "h") n *= 3600000
        else exit 1
        printf "%.3f\n", n
    }'
}

median() {
    printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 }
        END { if (NR == 0) exit 1
              if (NR % 2) printf "%.6f\n", a[(NR + 1) / 2]
              else printf "%.6f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# ---------------------------------------------------------------------------
# nginx (run-http1.sh, run-http2.sh, run-frameworks.sh)
# ---------------------------------------------------------------------------

# nginx.conf for a server on $2 in directory $1: $3 the listen parameters ("" for HTTP/1.1,
# "http2", "ssl http2"), $4 the body of "location /", $5 extra server lines (optional).
write_nginx_conf() {
    local dir=$1 port=$2 params=$3 location=$4 extra=${5:-} user_line="" extra_lines=""
    ((EUID == 0)) && user_line="user root root;"
    [[ -n $extra ]] && extra_lines=$'\n'"$extra"
    mkdir -p "$dir/logs" "$dir/tmp"
    cat >"$dir/nginx.conf" <<EOF
$user_line
worker_processes 2;
daemon off;
master_process on;
pid $dir/nginx.pid;
lock_file $dir/nginx.lock;
error_log $dir/logs/error.log warn;

events {
    worker_connections 4096;
}

http {
    access_log off;
    default_type text/plain;
    keepalive_timeout 65;
    # Since nginx 1.19.7 this also bounds the requests of an HTTP/2 connection
    # (default 1000, then GOAWAY); raised so h2load's connections stay open.
    keepalive_requests 100000000;
    client_body_temp_path $dir/tmp/client_body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;

    server {
        listen 127.0.0.1:$port${params:+ $params};
        server_name localhost;$extra_lines

        location / {
$location
        }
    }
}
EOF
}

# Start nginx from $1/nginx.conf; sets STARTED_PID.
launch_nginx() {
    local dir=$1
    "$NGINX_BIN" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/logs/error.log" \
        >"$dir/logs/nginx.out" 2>&1 </dev/null &
    STARTED_PID=$!
    STARTED[$STARTED_PID]=1
}

# ---------------------------------------------------------------------------
# Reports (run-http1.sh, run-http2.sh, run-http3.sh, run-frameworks.sh; run-websocket.sh and
# hooks.sh print ratios their own way and define their own ratio)
# ---------------------------------------------------------------------------

# The last 20 lines of each non-empty file, to stderr.
show_logs() {
    local f
    for f in "$@"; do
        [[ -s $f ]] || continue
        log "---- tail of $f"
        tail -n 20 "$f" | sed 's/^/[bench]   /' >&2
    done
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx\n", a / b; else print "n/a" }'; }

# The first line a tool prints about itself ("nginx -v", "php -v").
version_of() { "$@" 2>&1 | head -n 1; }
