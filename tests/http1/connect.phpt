--TEST--
CONNECT (authority-form) is answered 501 by the server and the connection closed, without reaching the application; a CONNECT without host:port is 400
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = h1_echo_server();
echo h1_show(h1_exchange($srv->port, "CONNECT good:443 HTTP/1.1\r\nHost: good:443\r\n\r\n"));
// Bytes after the head (the client's tunnel data) are not read as a request.
$c = new H1Client($srv->port);
$c->send("CONNECT [::1]:8443 HTTP/1.1\r\nHost: [::1]:8443\r\n\r\n" . h1_get('/after'));
echo h1_line($c->readResponse()), "\n";
[$closed, , $extra] = $c->waitClose();
echo 'closed: ', $closed ? 'yes' : 'no', ', extra: ', json_encode($extra), "\n";
$c->close();
foreach (['CONNECT good HTTP/1.1', 'CONNECT good: HTTP/1.1', 'CONNECT /x HTTP/1.1', 'CONNECT http://good:443/ HTTP/1.1',
          'CONNECT * HTTP/1.1', 'CONNECT u@good:443 HTTP/1.1', 'CONNECT good:65536 HTTP/1.1'] as $line) {
    echo str_pad($line, 36), ' ', h1_line(h1_exchange($srv->port, "$line\r\nHost: good\r\n\r\n")), "\n";
}
// The Host field is checked as for any request.
echo h1_line(h1_exchange($srv->port, "CONNECT good:443 HTTP/1.1\r\n\r\n")), "\n";
echo h1_line(h1_exchange($srv->port, "CONNECT good:443 HTTP/1.0\r\n\r\n")), "\n";
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.1 501 Not Implemented
Content-Type: text/plain
Content-Length: 25
Date: <date>
Connection: close
body: "CONNECT is not supported\n"
then: closed
501 "CONNECT is not supported\n"
closed: yes, extra: ""
CONNECT good HTTP/1.1                400 "CONNECT needs a host:port target\n" closed
CONNECT good: HTTP/1.1               400 "CONNECT needs a host:port target\n" closed
CONNECT /x HTTP/1.1                  400 "CONNECT needs a host:port target\n" closed
CONNECT http://good:443/ HTTP/1.1    400 "CONNECT needs a host:port target\n" closed
CONNECT * HTTP/1.1                   400 "CONNECT needs a host:port target\n" closed
CONNECT u@good:443 HTTP/1.1          400 "CONNECT needs a host:port target\n" closed
CONNECT good:65536 HTTP/1.1          400 "CONNECT needs a host:port target\n" closed
400 "missing Host\n" closed
501 "CONNECT is not supported\n" closed
fresh: 200 "GET \/alive"
