--TEST--
HTTP/1.1 request without Host (or with two) gets 400 (RFC 9112 §3.2); HTTP/1.0 without Host is served
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = h1_echo_server();
echo h1_show(h1_exchange($srv->port, "GET /nohost HTTP/1.1\r\nAccept: */*\r\n\r\n"));
echo h1_line(h1_exchange($srv->port, "GET /twohosts HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")), "\n";
// An empty Host is allowed (RFC 9112 §3.2: the authority may be empty).
echo h1_line(h1_exchange($srv->port, "GET /emptyhost HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n")), "\n";
echo h1_line(h1_exchange($srv->port, "GET /ten HTTP/1.0\r\n\r\n")), "\n";
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.1 400 Bad Request
Content-Type: text/plain
Content-Length: 13
Date: <date>
Connection: close
body: "missing Host\n"
then: closed
400 "more than one Host field\n" closed
200 "GET \/emptyhost" closed
200 "GET \/ten" closed
fresh: 200 "GET \/alive"
