dnl config.m4 for extension trident
PHP_ARG_ENABLE([trident],
  [whether to enable Trident (coroutine HTTP/1.1, HTTP/2 and HTTP/3 server)],
  [AS_HELP_STRING([--enable-trident], [Enable Trident])])

if test "$PHP_TRIDENT" != "no"; then
  PHP_REQUIRE_CXX()

  case $host_os in
    linux*) ;;
    *) AC_MSG_ERROR([Trident needs Linux (epoll, signalfd, SOCK_SEQPACKET); $host_os is not supported]) ;;
  esac

  AC_PATH_PROG(PKG_CONFIG, pkg-config, no)
  if test "$PKG_CONFIG" = "no"; then
    AC_MSG_ERROR([pkg-config not found: install the Debian package pkg-config])
  fi

  dnl trident_require_pc(module, min version, debian package)
  AC_DEFUN([TRIDENT_REQUIRE_PC], [
    AC_MSG_CHECKING([for $1 >= $2])
    if $PKG_CONFIG --atleast-version=$2 $1 2>/dev/null; then
      AC_MSG_RESULT([`$PKG_CONFIG --modversion $1`])
      PHP_EVAL_INCLINE(`$PKG_CONFIG --cflags $1`)
      PHP_EVAL_LIBLINE(`$PKG_CONFIG --libs $1`, TRIDENT_SHARED_LIBADD)
    else
      AC_MSG_RESULT([no])
      AC_MSG_ERROR([$1 >= $2 not found: install the Debian package $3])
    fi
  ])

  TRIDENT_REQUIRE_PC([libnghttp2], [1.52.0], [libnghttp2-dev])
  TRIDENT_REQUIRE_PC([openssl], [3.0.0], [libssl-dev])
  dnl zlib: permessage-deflate (RFC 7692) in src/websocket, and gzip response compression.
  TRIDENT_REQUIRE_PC([zlib], [1.2.11], [zlib1g-dev])
  dnl Response compression (src/http/encoder.cc): brotli and zstd, required like zlib (Debian
  dnl and every distribution ship them; a build without them would silently serve less).
  TRIDENT_REQUIRE_PC([libbrotlienc], [1.0.0], [libbrotli-dev])
  TRIDENT_REQUIRE_PC([libzstd], [1.4.0], [libzstd-dev])

  dnl HTTP/3 is optional: without ngtcp2 (GnuTLS backend), nghttp3 and GnuTLS the extension
  dnl builds with HTTP/1.1 and HTTP/2 only, says so here and in `php --ri trident`, and
  dnl open_http3_protocol makes start() fail with the packages to install.
  TRIDENT_HTTP3=yes
  TRIDENT_HTTP3_MISSING=""
  for trident_pc in "libngtcp2 0.12.0 libngtcp2-dev" "libngtcp2_crypto_gnutls 0.12.0 libngtcp2-crypto-gnutls-dev" \
                    "libnghttp3 0.8.0 libnghttp3-dev" "gnutls 3.7.0 libgnutls28-dev"; do
    set -- $trident_pc
    AC_MSG_CHECKING([for $[]1 >= $[]2 (HTTP/3)])
    if $PKG_CONFIG --atleast-version=$[]2 $[]1 2>/dev/null; then
      trident_version=`$PKG_CONFIG --modversion $[]1`
      AC_MSG_RESULT([$trident_version])
    else
      AC_MSG_RESULT([no])
      TRIDENT_HTTP3=no
      TRIDENT_HTTP3_MISSING="$TRIDENT_HTTP3_MISSING $[]3"
    fi
  done
  TRIDENT_HTTP3_SOURCES=""
  TRIDENT_HTTP3_FLAGS=""
  if test "$TRIDENT_HTTP3" = "yes"; then
    for trident_pc in libngtcp2 libngtcp2_crypto_gnutls libnghttp3 gnutls; do
      PHP_EVAL_INCLINE(`$PKG_CONFIG --cflags $trident_pc`)
      PHP_EVAL_LIBLINE(`$PKG_CONFIG --libs $trident_pc`, TRIDENT_SHARED_LIBADD)
    done
    dnl A compiler flag, not config.h: the core sources (src/) do not include PHP's config.h.
    TRIDENT_HTTP3_FLAGS="-DTRIDENT_HAVE_HTTP3=1"
    dnl RFC 9297 HTTP datagrams need nghttp3 >= 0.10 (Debian 12 has 0.8).
    if $PKG_CONFIG --atleast-version=0.10.0 libnghttp3 2>/dev/null; then
      TRIDENT_HTTP3_FLAGS="$TRIDENT_HTTP3_FLAGS -DTRIDENT_HAVE_HTTP_DATAGRAM=1"
    fi
    TRIDENT_HTTP3_SOURCES="
      src/http3/cid.cc
      src/http3/routing.cc
      src/http3/quic_server_config.cc
      src/http3/quic_connection.cc
      src/http3/endpoint.cc
      src/http3/connection.cc
    "
  else
    AC_MSG_NOTICE([HTTP/3 disabled: install$TRIDENT_HTTP3_MISSING and rebuild to enable it])
  fi

  PHP_ADD_LIBRARY(pthread, 1, TRIDENT_SHARED_LIBADD)

  TRIDENT_CORE_SOURCES="
    src/core/log.cc
    src/core/event_loop.cc
    src/core/thread_pool.cc
    src/core/resolver.cc
    src/core/import_redirect.cc
    src/coroutine/coroutine_table.cc
    src/coroutine/wait_queue.cc
    src/coroutine/wait_group.cc
    src/coroutine/fd_waiters.cc
    src/ipc/frame.cc
    src/http1/parser.cc
    src/http1/chunked.cc
    src/http1/request_target.cc
    src/http1/status.cc
    src/http1/connection.cc
    src/http1/websocket_connection.cc
    src/http2/connection.cc
    src/http/multipart.cc
    src/http/response_fields.cc
    src/http/content_coding.cc
    src/http/compression_policy.cc
    src/http/encoder.cc
    src/server/reactor.cc
    src/server/static_files.cc
    src/server/static_handler.cc
    src/server/file_pool.cc
    src/server/worker_channel.cc
    src/server/local_channel.cc
    src/server/base_worker.cc
    src/server/protocol_select.cc
    src/stream/worker_link.cc
    src/stream/multiplexer.cc
    src/stream/request_trailers.cc
    src/stream/websocket_session.cc
    src/stream/websocket_stream.cc
    src/server/transport.cc
    src/server/tls_transport.cc
    src/server/tls_acceptor.cc
    src/server/metrics.cc
    src/server/metrics_connection.cc
    src/server/proxy_header.cc
    src/server/proxy_acceptor.cc
    src/server/access_log.cc
    src/server/worker.cc
    src/server/worker_websocket.cc
    src/server/worker_detached.cc
    src/server/worker_credit.cc
    src/server/worker_compression.cc
    src/server/manager.cc
    src/server/master.cc
    src/server/settings.cc
    src/server/listen_socket.cc
    src/server/stream_registry.cc
    src/tls/openssl_error.cc
    src/tls/alpn.cc
    src/tls/sni_names.cc
    src/tls/pem_files.cc
    src/tls/queue_bio.cc
    src/tls/tls_context.cc
    src/tls/tls_session.cc
    src/tls/ticket_keys.cc
    src/tls/ocsp_staple.cc
    src/websocket/utf8.cc
    src/websocket/mask.cc
    src/websocket/message_buffer.cc
    src/websocket/parser.cc
    src/websocket/writer.cc
    src/websocket/handshake.cc
    src/websocket/deflate_codec.cc
    src/websocket/permessage_deflate.cc
  "
  TRIDENT_EXT_SOURCES="
    ext-src/trident.cc
    ext-src/server.cc
    ext-src/request.cc
    ext-src/response.cc
    ext-src/websocket.cc
    ext-src/coroutine.cc
    ext-src/coroutine_api.cc
    ext-src/coroutine_channel.cc
    ext-src/coroutine_wait_group.cc
    ext-src/coroutine_pool.cc
    ext-src/timer.cc
    ext-src/runtime.cc ext-src/dns_hooks.cc ext-src/proc_hooks.cc
    ext-src/coroutine_io.cc
    ext-src/stream_hooks.cc
    ext-src/poll_hooks.cc
  "

  dnl TRIDENT_HAVE_STREAM_HOOKS: ext-src/stream_hooks.cc (coroutine tcp/udp/unix/udg transports) is
dnl built; runtime.cc installs it for Trident\\Runtime::HOOK_TCP and the other stream bits.
  PHP_NEW_EXTENSION(trident, $TRIDENT_EXT_SOURCES $TRIDENT_CORE_SOURCES $TRIDENT_HTTP3_SOURCES, $ext_shared,, [-std=c++17 -Wall -fvisibility=hidden -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1 -DTRIDENT_HAVE_STREAM_HOOKS=1 $TRIDENT_HTTP3_FLAGS], cxx)
  PHP_ADD_INCLUDE([$ext_srcdir/include])
  PHP_ADD_INCLUDE([$ext_srcdir/src])
  PHP_ADD_INCLUDE([$ext_srcdir/ext-src])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/core])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/ipc])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/http1])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/http])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/http2])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/stream])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/http3])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/server])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/tls])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/coroutine])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/websocket])
  PHP_ADD_BUILD_DIR([$ext_builddir/ext-src])
  PHP_SUBST(TRIDENT_SHARED_LIBADD)
fi
