--TEST--
HTTP/2.0 (or another major version) in an HTTP/1 request line gets 505; the server keeps serving
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = h1_echo_server();
echo h1_show(h1_exchange($srv->port, "GET /x HTTP/2.0\r\nHost: x\r\n\r\n"));
echo h1_line(h1_exchange($srv->port, "GET /x HTTP/3.0\r\nHost: x\r\n\r\n")), "\n";
echo h1_line(h1_exchange($srv->port, "GET /x HTTP/0.9\r\nHost: x\r\n\r\n")), "\n";
echo h1_line(h1_exchange($srv->port, "GET /x HTTP/1.10\r\nHost: x\r\n\r\n")), "\n";
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.1 505 HTTP Version Not Supported
Content-Type: text/plain
Content-Length: 27
Date: <date>
Connection: close
body: "HTTP version not supported\n"
then: closed
505 "HTTP version not supported\n" closed
505 "HTTP version not supported\n" closed
400 "invalid HTTP version\n" closed
fresh: 200 "GET \/alive"
