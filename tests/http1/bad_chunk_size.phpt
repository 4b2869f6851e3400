--TEST--
HTTP/1.1 invalid chunked framing (chunk size, missing CRLF) gets 400 and a close; the server keeps serving
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = h1_echo_server();
$pre = "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
echo h1_show(h1_exchange($srv->port, $pre . "zz\r\nhello\r\n0\r\n\r\n"));
foreach ([
    "5\r\nhello\r\n-1\r\n",
    "0x5\r\nhello\r\n0\r\n\r\n",
    "5 \r\nhello\r\n0\r\n\r\n",
    "5\nhello\r\n0\r\n\r\n",
    "5\r\nhelloXX0\r\n\r\n",
    "ffffffffffffffffffff\r\n",
    "\r\nhello\r\n0\r\n\r\n",
] as $chunks) {
    echo h1_esc($chunks), ' => ', h1_line(h1_exchange($srv->port, $pre . $chunks)), "\n";
}
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.1 400 Bad Request
Content-Type: text/plain
Content-Length: 19
Date: <date>
Connection: close
body: "invalid chunk size\n"
then: closed
5\r\nhello\r\n-1\r\n => 400 "invalid chunk size\n" closed
0x5\r\nhello\r\n0\r\n\r\n => 400 "invalid chunk size\n" closed
5 \r\nhello\r\n0\r\n\r\n => 400 "invalid chunk size\n" closed
5\nhello\r\n0\r\n\r\n => 400 "bare LF in chunk-size line\n" closed
5\r\nhelloXX0\r\n\r\n => 400 "missing CRLF after chunk data\n" closed
ffffffffffffffffffff\r\n => 400 "chunk size too large\n" closed
\r\nhello\r\n0\r\n\r\n => 400 "invalid chunk size\n" closed
fresh: 200 "GET \/alive"
