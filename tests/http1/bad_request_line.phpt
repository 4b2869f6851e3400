--TEST--
HTTP/1.1 malformed request lines get 400 and the connection is closed; the server keeps serving
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = h1_echo_server();
echo h1_show(h1_exchange($srv->port, "GET /x HTTP/1.1 extra\r\nHost: x\r\n\r\n"));
$cases = [
    "GET  /double-space HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /no-version\r\nHost: x\r\n\r\n",
    "GET /x http/1.1\r\nHost: x\r\n\r\n",
    "GE(T /x HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /x\x01y HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /x HTTP/1.1\nHost: x\n\n",
    "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",   // a TLS ClientHello on the cleartext port
];
foreach ($cases as $req) {
    $r = h1_exchange($srv->port, $req);
    echo h1_esc($req), ' => ', h1_line($r), "\n";
}
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.1 400 Bad Request
Content-Type: text/plain
Content-Length: 21
Date: <date>
Connection: close
body: "invalid HTTP version\n"
then: closed
GET  /double-space HTTP/1.1\r\nHost: x\r\n\r\n => 400 "invalid request-target\n" closed
GET /no-version\r\nHost: x\r\n\r\n => 400 "invalid request-target\n" closed
GET /x http/1.1\r\nHost: x\r\n\r\n => 400 "invalid HTTP version\n" closed
GE(T /x HTTP/1.1\r\nHost: x\r\n\r\n => 400 "invalid method\n" closed
GET /x\001y HTTP/1.1\r\nHost: x\r\n\r\n => 400 "invalid request-target\n" closed
GET /x HTTP/1.1\nHost: x\n\n => 400 "invalid HTTP version\n" closed
\026\003\001\002\000\001\000\001\374\003\003 => 400 "invalid method\n" closed
fresh: 200 "GET \/alive"
