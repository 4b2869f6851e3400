--TEST--
HTTP/1.1 chunked request body growing past package_max_length gets 413 and the connection closes
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = h1_echo_server(['package_max_length' => 1024]);
// 3 chunks of 500 bytes: the third crosses the limit.
$req = "POST /chunks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
for ($i = 0; $i < 3; $i++) $req .= "1f4\r\n" . str_repeat(chr(97 + $i), 500) . "\r\n";
$req .= "0\r\n\r\n";
echo h1_show(h1_exchange($srv->port, $req));
// One chunk announcing far more than the limit, whose data is still coming.
$c = new H1Client($srv->port);
$c->send("POST /one HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n100000\r\n" . str_repeat('y', 2000));
$r = $c->readResponse(false, 3);
[$closed] = $c->waitClose(3);
echo h1_line($r), ' ', $closed ? 'closed' : 'open', "\n";
$c->close();
// Exactly the limit in chunks: accepted.
$c = new H1Client($srv->port);
$c->send("POST /ok HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n200\r\n" . str_repeat('p', 512) . "\r\n200\r\n" . str_repeat('q', 512) . "\r\n0\r\n\r\n");
$r = $c->readResponse();
echo $r['status'], ' ', $r['body'] === 'POST /ok body=' . str_repeat('p', 512) . str_repeat('q', 512) ? 'exact' : 'WRONG', "\n";
$c->close();
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.1 413 Content Too Large
Content-Type: text/plain
Content-Length: 44
Date: <date>
Connection: close
body: "Request body larger than package_max_length\n"
then: closed
413 "Request body larger than package_max_length\n" closed
200 exact
fresh: 200 "GET \/alive"
