#!/usr/bin/env bash
# shellcheck disable=SC2086,SC2046  # $PKGS and pkg-config output are meant to be split
# Builds bench/h3load/h3load (HTTP/3 load generator) against the system ngtcp2/nghttp3/GnuTLS.
# Debian 12 packages: g++ pkg-config libngtcp2-dev libngtcp2-crypto-gnutls-dev libnghttp3-dev libgnutls28-dev
# Usage: bench/h3load/build.sh        (CXX and CXXFLAGS may be overridden from the environment)
set -euo pipefail
DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CXX=${CXX:-g++}
CXXFLAGS=${CXXFLAGS:--O2 -g -Wall -Wextra}
PKGS="libngtcp2 libngtcp2_crypto_gnutls libnghttp3 gnutls"
if ! command -v pkg-config >/dev/null; then
    echo "build.sh: pkg-config not found (apt-get install pkg-config)" >&2
    exit 2
fi
if ! pkg-config --exists $PKGS; then
    echo "build.sh: missing development packages; need: $PKGS" >&2
    echo "  apt-get install libngtcp2-dev libngtcp2-crypto-gnutls-dev libnghttp3-dev libgnutls28-dev" >&2
    exit 2
fi
"$CXX" -std=c++17 $CXXFLAGS $(pkg-config --cflags $PKGS) -o "$DIR/h3load.tmp" "$DIR/h3load.cc" \
    $(pkg-config --libs $PKGS) -pthread
mv -f "$DIR/h3load.tmp" "$DIR/h3load"
echo "built $DIR/h3load" >&2
