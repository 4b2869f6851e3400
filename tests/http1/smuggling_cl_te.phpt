--TEST--
HTTP/1.1 request smuggling: both Content-Length and Transfer-Encoding get 400 and a close, and the hidden request never runs
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = h1_echo_server();
// CL.TE: a front end trusting Content-Length would see one request; one trusting chunked would
// see a second request "GET /smuggled" hidden in the body.
$hidden = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
$req = "POST /cl-te HTTP/1.1\r\nHost: x\r\nContent-Length: " . (5 + strlen($hidden)) . "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" . $hidden;
echo h1_show(h1_exchange($srv->port, $req));
// TE.CL, and the fields in the other order, and with a keep-alive request in front of it.
$req = "POST /te-cl HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n" . "5c\r\n" . $hidden . "\r\n0\r\n\r\n";
echo h1_line(h1_exchange($srv->port, $req)), "\n";
$c = new H1Client($srv->port);
$c->send(h1_get('/first') . "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" . $hidden);
echo h1_line($c->readResponse()), "\n";
echo h1_line($c->readResponse()), "\n";
[$closed, , $extra] = $c->waitClose();
echo 'closed: ', $closed ? 'yes' : 'no', ', extra: ', json_encode($extra), "\n";
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.1 400 Bad Request
Content-Type: text/plain
Content-Length: 42
Date: <date>
Connection: close
body: "both Content-Length and Transfer-Encoding\n"
then: closed
400 "both Content-Length and Transfer-Encoding\n" closed
200 "GET \/first"
400 "both Content-Length and Transfer-Encoding\n"
closed: yes, extra: ""
fresh: 200 "GET \/alive"
