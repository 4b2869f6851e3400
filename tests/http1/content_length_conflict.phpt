--TEST--
HTTP/1.1 differing Content-Length values get 400; identical repeated values are one length (RFC 9112 §6.3)
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = h1_echo_server();
echo h1_show(h1_exchange($srv->port, "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"));
foreach ([
    "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 6\r\n\r\nhello!",
    "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\nhello",
    "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5x\r\n\r\nhello",
    "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello",
    "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: \r\n\r\nhello",
    "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\nhello",
] as $req) {
    echo h1_esc($req), ' => ', h1_line(h1_exchange($srv->port, $req)), "\n";
}
// The same value twice (as a list or as two fields) is accepted and used once.
$c = new H1Client($srv->port);
$c->send("POST /same HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello" . "POST /list HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc");
echo h1_line($c->readResponse()), "\n", h1_line($c->readResponse()), "\n";
$c->close();
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.1 400 Bad Request
Content-Type: text/plain
Content-Length: 34
Date: <date>
Connection: close
body: "conflicting Content-Length values\n"
then: closed
POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 6\r\n\r\nhello! => 400 "conflicting Content-Length values\n" closed
POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\nhello => 400 "invalid Content-Length\n" closed
POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5x\r\n\r\nhello => 400 "invalid Content-Length\n" closed
POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello => 400 "invalid Content-Length\n" closed
POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: \r\n\r\nhello => 400 "invalid Content-Length\n" closed
POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\nhello => 400 "Content-Length too large\n" closed
200 "POST \/same body=hello"
200 "POST \/list body=abc"
fresh: 200 "GET \/alive"
