--TEST--
HTTP/1.1 obs-fold (a header line continued on the next line) gets 400 (RFC 9112 §5.2); the server keeps serving
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = h1_echo_server();
echo h1_show(h1_exchange($srv->port, "GET /x HTTP/1.1\r\nHost: x\r\nX-Folded: one\r\n  two\r\n\r\n"));
echo h1_line(h1_exchange($srv->port, "GET /x HTTP/1.1\r\nHost: x\r\nX-Folded: one\r\n\ttwo\r\n\r\n")), "\n";
// Whitespace before the first header line is rejected the same way (RFC 9112 §2.2).
echo h1_line(h1_exchange($srv->port, "GET /x HTTP/1.1\r\n Host: x\r\n\r\n")), "\n";
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.1 400 Bad Request
Content-Type: text/plain
Content-Length: 22
Date: <date>
Connection: close
body: "obsolete line folding\n"
then: closed
400 "obsolete line folding\n" closed
400 "obsolete line folding\n" closed
fresh: 200 "GET \/alive"
