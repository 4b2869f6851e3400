--TEST--
HTTP/1.1 request head larger than http_max_header_size gets 431 and a close; a head just under the limit is served
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = h1_echo_server(['http_max_header_size' => 4096]);
// 8 KiB of header fields, sent in one write.
$big = "GET /big HTTP/1.1\r\nHost: x\r\n";
for ($i = 0; $i < 8; $i++) $big .= "X-Filler-$i: " . str_repeat('a', 1010) . "\r\n";
$big .= "\r\n";
echo 'request head bytes: ', strlen($big), "\n";
echo h1_show(h1_exchange($srv->port, $big));
// One huge field that never ends, and a huge request-target: 431 without waiting for the end.
echo h1_line(h1_exchange($srv->port, "GET /x HTTP/1.1\r\nHost: x\r\nX-Long: " . str_repeat('b', 8192), false, 3)), "\n";
echo h1_line(h1_exchange($srv->port, "GET /" . str_repeat('c', 8192) . " HTTP/1.1\r\nHost: x\r\n\r\n", false, 3)), "\n";
// Under the limit (about 3 KiB) on a keep-alive connection: served, and the connection stays open.
$ok = "GET /ok HTTP/1.1\r\nHost: x\r\nX-Filler: " . str_repeat('d', 3000) . "\r\n\r\n";
$c = new H1Client($srv->port);
$c->send($ok);
echo h1_line($c->readResponse()), ' open: ', $c->quietFor(0.2) ? 'yes' : 'no', "\n";
$c->close();
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
request head bytes: 8222
HTTP/1.1 431 Request Header Fields Too Large
Content-Type: text/plain
Content-Length: 33
Date: <date>
Connection: close
body: "request header section too large\n"
then: closed
431 "request header section too large\n" closed
431 "request header section too large\n" closed
200 "GET \/ok" open: yes
fresh: 200 "GET \/alive"
