#!/usr/bin/env bash
# shellcheck disable=SC2086,SC2046  # $PKGS and pkg-config output are meant to be split
# Builds tests/tools/wsclient/wsclient, the WebSocket client of the end-to-end tests (HTTP/1.1,
# HTTP/2 extended CONNECT, HTTP/3 extended CONNECT), against the system nghttp2, OpenSSL,
# ngtcp2/nghttp3/GnuTLS and zlib, with the project's own WebSocket codec (src/websocket/).
# Debian 12 packages: g++ pkg-config libnghttp2-dev libssl-dev libngtcp2-dev libngtcp2-crypto-gnutls-dev
#                     libnghttp3-dev libgnutls28-dev zlib1g-dev
# Usage: tests/tools/wsclient/build.sh        (CXX and CXXFLAGS may be overridden from the environment)
set -euo pipefail
DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$DIR/../../.." && pwd)
CXX=${CXX:-g++}
CXXFLAGS=${CXXFLAGS:--O2 -g -Wall -Wextra}
PKGS="libnghttp2 openssl libngtcp2 libngtcp2_crypto_gnutls libnghttp3 gnutls zlib"
if ! command -v pkg-config >/dev/null; then
    echo "build.sh: pkg-config not found (apt-get install pkg-config)" >&2
    exit 2
fi
if ! pkg-config --exists $PKGS; then
    echo "build.sh: missing development packages; need: $PKGS" >&2
    echo "  apt-get install libnghttp2-dev libssl-dev libngtcp2-dev libngtcp2-crypto-gnutls-dev libnghttp3-dev libgnutls28-dev zlib1g-dev" >&2
    exit 2
fi
CODEC="parser writer mask utf8 message_buffer deflate_codec permessage_deflate handshake"
SRCS="$DIR/wsclient.cc $DIR/tcp_stream.cc $DIR/transport_h1.cc $DIR/transport_h2.cc $DIR/transport_h3.cc"
for f in $CODEC; do SRCS="$SRCS $ROOT/src/websocket/$f.cc"; done
"$CXX" -std=c++17 $CXXFLAGS -I"$ROOT/include" -I"$ROOT/src" $(pkg-config --cflags $PKGS) -o "$DIR/wsclient.tmp" \
    $SRCS $(pkg-config --libs $PKGS)
mv -f "$DIR/wsclient.tmp" "$DIR/wsclient"
echo "built $DIR/wsclient" >&2
