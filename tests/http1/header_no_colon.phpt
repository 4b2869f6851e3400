--TEST--
HTTP/1.1 header line without a colon (or with whitespace before the colon) gets 400; the server keeps serving
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = h1_echo_server();
echo h1_show(h1_exchange($srv->port, "GET /x HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n"));
foreach ([
    "GET /x HTTP/1.1\r\nHost: x\r\nX-Space : v\r\n\r\n",          // RFC 9112 §5.1: MUST reject
    "GET /x HTTP/1.1\r\nHost: x\r\n: no-name\r\n\r\n",
    "GET /x HTTP/1.1\r\nHost: x\r\nX-Bad\x7fName: v\r\n\r\n",
    "GET /x HTTP/1.1\r\nHost: x\r\nX-Nul: a\0b\r\n\r\n",
    "GET /x HTTP/1.1\r\nHost: x\r\nX-CR: a\rb\r\n\r\n",
] as $req) {
    echo h1_esc($req), ' => ', h1_line(h1_exchange($srv->port, $req)), "\n";
}
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.1 400 Bad Request
Content-Type: text/plain
Content-Length: 26
Date: <date>
Connection: close
body: "invalid header field name\n"
then: closed
GET /x HTTP/1.1\r\nHost: x\r\nX-Space : v\r\n\r\n => 400 "invalid header field name\n" closed
GET /x HTTP/1.1\r\nHost: x\r\n: no-name\r\n\r\n => 400 "invalid header field name\n" closed
GET /x HTTP/1.1\r\nHost: x\r\nX-Bad\177Name: v\r\n\r\n => 400 "invalid header field name\n" closed
GET /x HTTP/1.1\r\nHost: x\r\nX-Nul: a\000b\r\n\r\n => 400 "invalid character in header field value\n" closed
GET /x HTTP/1.1\r\nHost: x\r\nX-CR: a\rb\r\n\r\n => 400 "bare CR\n" closed
fresh: 200 "GET \/alive"
