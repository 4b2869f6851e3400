--TEST--
HTTP/1.1 Content-Length over package_max_length gets 413 and the connection closes; at the limit it is served
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = h1_echo_server(['package_max_length' => 1024]);
$r = h1_exchange($srv->port, "POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 2048\r\n\r\n" . str_repeat('z', 2048));
echo h1_show($r);
// Only the head sent (the client waits): 413 right away, without reading a body that never comes.
$c = new H1Client($srv->port);
$t0 = microtime(true);
$c->send("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n");
$r = $c->readResponse(false, 5);
[$closed] = $c->waitClose(5);
echo h1_line($r), ' ', $closed ? 'closed' : 'open', ' fast: ', microtime(true) - $t0 < 3 ? 'yes' : 'no', "\n";
$c->close();
// With Expect: 100-continue the final 413 comes instead of 100 Continue (RFC 9110 §10.1.1).
$c = new H1Client($srv->port);
$c->send("PUT /big HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
$r = $c->readResponse(false, 3);
[$closed] = $c->waitClose(3);
echo h1_line($r), ' ', $closed ? 'closed' : 'open', "\n";
$c->close();
// Exactly at the limit: accepted.
$body = str_repeat('k', 1024);
$c = new H1Client($srv->port);
$c->send("POST /limit HTTP/1.1\r\nHost: x\r\nContent-Length: 1024\r\n\r\n" . $body);
$r = $c->readResponse();
echo $r['status'], ' ', $r['body'] === 'POST /limit body=' . $body ? 'exact' : 'WRONG', ' open: ', $c->quietFor(0.2) ? 'yes' : 'no', "\n";
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
413 "Request body larger than package_max_length\n" closed fast: yes
413 "Request body larger than package_max_length\n" closed
200 exact open: yes
fresh: 200 "GET \/alive"
