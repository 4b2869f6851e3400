--TEST--
HTTP/1.1 "Transfer-Encoding: gzip" alone (no chunked): the body length cannot be determined, so 400 and close (RFC 9112 §6.3 item 4)
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = h1_echo_server();
// RFC 9112 §6.3: "If a Transfer-Encoding header field is present in a request and the chunked
// transfer coding is not the final encoding, the message body length cannot be determined
// reliably; the server MUST respond with the 400 (Bad Request) status code and then close the
// connection." That MUST outranks the SHOULD-501 of §6.1 for unknown codings (the server already
// answers 400 for "chunked, gzip"; "gzip" alone is the same case).
$r = h1_exchange($srv->port, "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nhello");
echo $r['status'], ' ', $r['closed'] ? 'closed' : 'open', ' ', $r['h']['connection'] ?? '-', "\n";
$r = h1_exchange($srv->port, "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, deflate\r\n\r\nhello");
echo $r['status'], ' ', $r['closed'] ? 'closed' : 'open', ' ', $r['h']['connection'] ?? '-', "\n";
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
400 closed close
400 closed close
fresh: 200 "GET \/alive"
