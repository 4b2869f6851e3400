--TEST--
HTTP/1.x with a minor version above 1 is served as HTTP/1.1 (RFC 9110 §2.5); HTTP/2.0 (or another major version) in an HTTP/1 request line gets 505; the server keeps serving
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $res->end($req->server['server_protocol'] . ' ' . $req->server['request_uri']);
});
$server->start();
PHP);
// A higher minor version: answered as HTTP/1.1, with HTTP/1.1's persistence and chunked framing.
$c = new H1Client($srv->port);
$c->send("GET /one-two HTTP/1.2\r\nHost: x\r\n\r\n" . "POST /one-nine HTTP/1.9\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
foreach ([1, 2] as $i) {
    $r = $c->readResponse();
    echo $r['version'], ' ', h1_line($r), "\n";
}
echo 'still open: ', $c->quietFor(0.2) ? 'yes' : 'no', "\n";
$c->close();
echo h1_show(h1_exchange($srv->port, "GET /x HTTP/2.0\r\nHost: x\r\n\r\n"));
echo h1_line(h1_exchange($srv->port, "GET /x HTTP/3.0\r\nHost: x\r\n\r\n")), "\n";
echo h1_line(h1_exchange($srv->port, "GET /x HTTP/0.9\r\nHost: x\r\n\r\n")), "\n";
echo h1_line(h1_exchange($srv->port, "GET /x HTTP/1.10\r\nHost: x\r\n\r\n")), "\n";
// HTTP/1.2 still needs a Host, like HTTP/1.1.
echo h1_line(h1_exchange($srv->port, "GET /x HTTP/1.2\r\n\r\n")), "\n";
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.1 200 "HTTP\/1.1 \/one-two"
HTTP/1.1 200 "HTTP\/1.1 \/one-nine"
still open: yes
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
400 "missing Host\n" closed
fresh: 200 "HTTP\/1.1 \/alive"
