#!/bin/bash
# chromium_h3.sh URL CERT_PEM [TIMEOUT_SECONDS]
#
# Loads URL in headless Chromium with QUIC forced on for URL's origin (so the very first
# request goes over HTTP/3, no Alt-Svc needed), trusting the self-signed certificate in
# CERT_PEM by its public key only, and prints the DOM after scripts ran (--dump-dom) on stdout.
#
# The page is expected to write the protocol into the DOM itself, e.g.
#   <pre id="proto"></pre><script>
#   var e = performance.getEntriesByType('navigation')[0];
#   document.getElementById('proto').textContent = 'PROTO=' + (e ? e.nextHopProtocol : 'none');
#   </script>
# so the caller greps stdout for "PROTO=h3". Independently of JS, a summary taken from
# Chromium's net log goes to stderr:
#   chromium_h3: netlog localhost:8443 first=h3 h3=3 h2=0 http/1.1=0
# ("first" is the protocol of the first request to that origin, i.e. the navigation).
#
# Exit status: 77 if no Chromium is installed (test should skip), 2 on bad usage, otherwise
# Chromium's own status - which is 0 even when the page failed to load (the DOM is then
# empty and stderr has "Page load failed: net::ERR_..."), 124 when TIMEOUT_SECONDS ran out.
#
# Environment (all optional):
#   CHROMIUM_H3_BIN      Chromium binary (default: /usr/lib/chromium/chromium, then PATH)
#   CHROMIUM_H3_EXTRA    extra Chromium flags, word-split (e.g. "--disable-quic" to get h2:
#                        a negative control showing the check can fail)
#   CHROMIUM_H3_RESOLVE  IP that URL's host name is mapped to (default 127.0.0.1); ignored
#                        when URL's host is an IP literal
#   CHROMIUM_H3_VTB      --virtual-time-budget in ms (default 5000, see below)
#   CHROMIUM_H3_NETLOG   keep Chromium's net log (JSON) at this path
#   CHROMIUM_H3_VERBOSE  1: copy all of Chromium's stderr (very noisy: D-Bus errors) to stderr
#
# Needs: chromium (Debian package "chromium"), openssl, coreutils timeout. Works as root.

# shellcheck disable=SC2317  # functions only reached through the trap
set -u

usage() { echo "usage: $0 URL CERT_PEM [TIMEOUT_SECONDS]" >&2; exit 2; }
if [ $# -lt 2 ] || [ $# -gt 3 ]; then usage; fi
url=$1
cert=$2
limit=${3:-20}
case $limit in '' | *[!0-9]* | 0) usage ;; esac     # timeout 0 would mean "no limit"
[ -r "$cert" ] || { echo "chromium_h3: cannot read $cert" >&2; exit 2; }

# --- find Chromium --------------------------------------------------------------------------
# Prefer the real binary over Debian's /usr/bin/chromium wrapper: the wrapper sources
# /etc/chromium.d/* which adds flags we do not want (--enable-remote-extensions,
# --load-extension=..., --enable-gpu-rasterization) and its /dev/shm size check is broken
# on some hosts ("[: ...: unexpected operator").
bin=${CHROMIUM_H3_BIN:-}
if [ -z "$bin" ]; then
    for b in /usr/lib/chromium/chromium chromium chromium-browser google-chrome; do
        if command -v "$b" >/dev/null 2>&1; then bin=$(command -v "$b"); break; fi
    done
fi
if [ -z "$bin" ] || ! [ -x "$bin" ]; then
    echo "chromium_h3: chromium not installed (apt-get install chromium)" >&2
    exit 77
fi
command -v openssl >/dev/null 2>&1 || { echo "chromium_h3: openssl not installed" >&2; exit 77; }

# --- derive HOST and PORT from URL ----------------------------------------------------------
# https://HOST[:PORT]/... ; HOST may be a name, an IPv4 or a [bracketed] IPv6 literal.
rest=${url#*://}
authority=${rest%%[/?#]*}
authority=${authority##*@}
case $authority in
    \[*\]:*) host=${authority%]:*}]; port=${authority##*]:} ;;
    \[*\])   host=$authority; port= ;;
    *:*)     host=${authority%:*}; port=${authority##*:} ;;
    *)       host=$authority; port= ;;
esac
[ -n "$port" ] || port=443
[ -n "$host" ] || usage
hostport="$host:$port"

# --- public key pin ---------------------------------------------------------------------------
# base64(sha256(SubjectPublicKeyInfo)) of the server certificate. This is the ONLY thing that
# makes Chromium accept a self-signed certificate over QUIC: --ignore-certificate-errors has no
# effect on QUIC (the load fails with net::ERR_QUIC_PROTOCOL_ERROR). A wrong pin fails the
# same way, so the check cannot pass by accident.
spki=$(openssl x509 -in "$cert" -noout -pubkey | openssl pkey -pubin -outform der |
       openssl dgst -sha256 -binary | openssl base64 -A) || exit 2
[ -n "$spki" ] || { echo "chromium_h3: no public key in $cert" >&2; exit 2; }

# --- host resolver rules ------------------------------------------------------------------
# Every name other than ours resolves to NOTFOUND instantly, so Chromium's background requests
# (accounts.google.com, update.googleapis.com even with the flags below, ...) fail in
# microseconds instead of waiting for DNS on a machine without internet, and nothing leaves
# the host. Quirks: "MAP * ~NOTFOUND" applies to IP literals too, so an IP URL needs EXCLUDE
# (else ERR_NAME_NOT_RESOLVED); and a name must be MAPped to the address the server listens on:
# "EXCLUDE localhost" lets the system resolver pick ::1, and with QUIC forced there is no
# fallback to 127.0.0.1 (ERR_QUIC_HANDSHAKE_FAILED against a server bound to 127.0.0.1 only).
case $host in
    *[!0-9.]*) case $host in
                   \[*) rules="MAP * ~NOTFOUND, EXCLUDE $host" ;;
                   *)   rules="MAP $host ${CHROMIUM_H3_RESOLVE:-127.0.0.1}, MAP * ~NOTFOUND" ;;
               esac ;;
    *)         rules="MAP * ~NOTFOUND, EXCLUDE $host" ;;
esac

# --- temporary profile, cleanup -----------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/chromium_h3.XXXXXXXX") || exit 2
mkdir -p "$tmp/home" "$tmp/profile"
pgid=

# Chromium starts chrome_crashpad_handler processes that double-fork out of Chromium's
# process group (own session, parent pid 1), so killing the group does not reach them. They
# exit by themselves once the browser is gone; give them a moment, then kill those that carry
# our (unique) profile path in their command line. No flag disables them safely:
# --disable-breakpad / --disable-crash-reporter do not, --disable-crashpad-for-testing breaks
# the network service ("Crashing due to FD ownership violation").
stragglers() {
    for d in /proc/[0-9]*; do
        tr '\0' ' ' 2>/dev/null < "$d/cmdline" | grep -qF -- "$tmp/" && echo "${d#/proc/}"
    done
}
cleanup() {
    # timeout(1) made itself leader of a new process group holding all of Chromium's other
    # processes (zygotes, renderers, GPU, network service): kill whatever is left of it.
    if [ -n "$pgid" ]; then
        kill -KILL -- "-$pgid" 2>/dev/null
        { wait "$pgid"; } 2>/dev/null   # reap it here, quietly (no "Killed" job message)
    fi
    i=0
    while [ "$i" -lt 30 ]; do
        left=$(stragglers)
        [ -z "$left" ] && break
        # shellcheck disable=SC2086  # $left: list of pids
        [ "$i" -ge 20 ] && kill -KILL $left 2>/dev/null     # after ~2 s
        sleep 0.1; i=$((i + 1))
    done
    [ -n "${CHROMIUM_H3_NETLOG:-}" ] && [ -f "$tmp/netlog.json" ] && cp "$tmp/netlog.json" "$CHROMIUM_H3_NETLOG"
    rm -rf "$tmp"
}
trap 'cleanup' EXIT
trap 'exit 143' TERM INT HUP

# --- run ----------------------------------------------------------------------------------
# shellcheck disable=SC2054  # the comma belongs to --disable-features
flags=(
    --headless                       # "new" headless (the full browser); no display needed
    --no-sandbox                     # the setuid/namespace sandbox cannot run as root / in containers
    --disable-gpu                    # no GPU; software rendering only
    --disable-dev-shm-usage          # /dev/shm is often 64 MB in containers -> crashes
    --user-data-dir="$tmp/profile"   # throwaway profile, removed afterwards
    --no-first-run                   # no first-run UI/tasks
    --no-default-browser-check
    --disable-background-networking # fewer background requests (updates, field trials, ...)
    --disable-component-update       # no component updater downloads
    --disable-sync
    --disable-extensions             # Debian's /etc/chromium.d would load some; we bypass it anyway
    --disable-default-apps
    --disable-domain-reliability     # no reporting beacons
    --metrics-recording-only         # metrics never uploaded
    --disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter
    --enable-quic                    # on by default, be explicit
    --origin-to-force-quic-on="$hostport"  # speak QUIC to this origin on the first request,
                                     # no TCP, no Alt-Svc, no fallback: a failing QUIC handshake
                                     # fails the load (net::ERR_QUIC_*), it never turns into h2
    --ignore-certificate-errors-spki-list="$spki"
    --host-resolver-rules="$rules"
    --log-net-log="$tmp/netlog.json" # protocol evidence independent of JS (summarised below)
    --virtual-time-budget="${CHROMIUM_H3_VTB:-5000}"  # wait for scripts and their fetch()es
                                     # before dumping: virtual time pauses while requests are
                                     # in flight and runs fast when idle, so it costs ~no real
                                     # time. Without it the DOM is dumped at the load event,
                                     # before any fetch() completes. Consequence: a request
                                     # that never completes holds the dump until timeout(1)
                                     # fires -> empty stdout, status 124 (Chromium's --timeout
                                     # does not help: it is ignored while virtual time waits).
    --dump-dom                       # print document.documentElement.outerHTML after load
)
# shellcheck disable=SC2206
extra=(${CHROMIUM_H3_EXTRA:-})

start=$(date +%s%N)
# HOME/XDG_*: Chromium writes ~/.pki/nssdb and caches under HOME; keep all of it in $tmp.
HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" XDG_CACHE_HOME="$tmp/home/.cache" \
    timeout -k 3 -s TERM "$limit" "$bin" "${flags[@]}" "${extra[@]}" "$url" \
    > "$tmp/dom.html" 2> "$tmp/stderr.log" < /dev/null &
pgid=$!          # timeout(1) (without --foreground) calls setpgid(0,0): its pid is the pgid
wait "$pgid"
rc=$?
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
kill -KILL -- "-$pgid" 2>/dev/null

cat "$tmp/dom.html"

if [ "${CHROMIUM_H3_VERBOSE:-0}" = 1 ]; then
    sed 's/^/chromium: /' "$tmp/stderr.log" >&2
else
    grep -E 'Page load failed|FATAL|Check failed' "$tmp/stderr.log" | sed 's/^.*\] /chromium: /' >&2
fi

# --- protocol from the net log ------------------------------------------------------------
# Each event is one line ending in "type":N}; N is mapped to a name in the constants (line 1).
# Request-header events differ per protocol; H2/H3 ones carry ":authority: HOST:PORT", the
# HTTP/1.1 one "Host: HOST:PORT" (port omitted when 443).
nl="$tmp/netlog.json"
if [ -s "$nl" ]; then
    evt() { head -n 1 "$nl" | grep -o "\"$1\":[0-9]*" | head -n 1 | cut -d: -f2; }
    t3=$(evt HTTP_TRANSACTION_QUIC_SEND_REQUEST_HEADERS)
    t2=$(evt HTTP_TRANSACTION_HTTP2_SEND_REQUEST_HEADERS)
    t1=$(evt HTTP_TRANSACTION_SEND_REQUEST_HEADERS)
    auth=$hostport; [ "$port" = 443 ] && auth=$host
    lines=$(grep -iF -e "\":authority: $auth\"" -e "\"host: $auth\"" "$nl" |
            grep -oE '"type":[0-9]+},?$' | tr -dc '0-9\n')
    n3=0; n2=0; n1=0; first=none
    for t in $lines; do
        case $t in
            "$t3") n3=$((n3 + 1)); p=h3 ;;
            "$t2") n2=$((n2 + 1)); p=h2 ;;
            "$t1") n1=$((n1 + 1)); p=http/1.1 ;;
            *) continue ;;
        esac
        [ "$first" = none ] && first=$p
    done
    echo "chromium_h3: netlog $hostport first=$first h3=$n3 h2=$n2 http/1.1=$n1 (${elapsed_ms} ms, rc=$rc)" >&2
else
    echo "chromium_h3: no net log (${elapsed_ms} ms, rc=$rc)" >&2
fi

exit $rc
