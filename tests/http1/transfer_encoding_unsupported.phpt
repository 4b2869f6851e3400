--TEST--
HTTP/1.1 Transfer-Encoding: 501 for an unknown coding (gzip) before chunked, 400 when chunked is not the final coding; the server keeps serving
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = h1_echo_server();
// RFC 9112 §6.1: a transfer coding the server does not understand: 501 (Not Implemented).
echo h1_show(h1_exchange($srv->port, "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));
foreach ([
    "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    // RFC 9112 §6.3: chunked absent or not last: the body length cannot be determined: MUST 400 + close.
    "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n",
    "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
    "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \r\n\r\n",
    // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 request: faulty framing.
    "POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
] as $req) {
    echo h1_esc($req), ' => ', h1_line(h1_exchange($srv->port, $req)), "\n";
}
// Case-insensitive "Chunked" is chunked.
echo h1_line(h1_exchange($srv->port, "POST /ok HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\nConnection: close\r\n\r\n2\r\nok\r\n0\r\n\r\n")), "\n";
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.1 501 Not Implemented
Content-Type: text/plain
Content-Length: 28
Date: <date>
Connection: close
body: "unsupported transfer coding\n"
then: closed
POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n => 501 "unsupported transfer coding\n" closed
POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n => 400 "chunked is not the final coding\n" closed
POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n => 400 "chunked is not the final coding\n" closed
POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \r\n\r\n => 400 "empty Transfer-Encoding\n" closed
POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n => 400 "Transfer-Encoding in HTTP\/1.0\n" closed
200 "POST \/ok body=ok" closed
fresh: 200 "GET \/alive"
