--TEST--
HTTP/1.0 with Connection: keep-alive: the server echoes it and keeps the connection open
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $res->header('Content-Type', 'text/plain');
    $res->end($req->getMethod() . ' ' . $req->server['request_uri'] . ' ' . $req->server['server_protocol']);
});
$server->start();
PHP);

$c = new H1Client($srv->port);
$c->send("GET /k1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
$r = $c->readResponse();
echo h1_head($r), h1_line($r), "\n";
echo 'open: ', $c->quietFor(0.3) ? 'yes' : 'no', "\n";
$c->send("GET /k2 HTTP/1.0\r\nHost: h\r\nconnection: Keep-Alive\r\n\r\n");
$r = $c->readResponse();
echo h1_line($r), ' connection=', $r['h']['connection'] ?? '-', "\n";
echo 'open: ', $c->quietFor(0.2) ? 'yes' : 'no', "\n";
// The next request without keep-alive ends the connection.
$c->send("GET /k3 HTTP/1.0\r\n\r\n");
$r = $c->readResponse();
echo h1_line($r), ' connection=', $r['h']['connection'] ?? '-', "\n";
[$closed] = $c->waitClose(3);
echo 'closed: ', $closed ? 'yes' : 'no', "\n";
$c->close();
$srv->stop();
?>
--EXPECT--
HTTP/1.0 200 OK
Content-Type: text/plain
Date: <date>
Content-Length: 16
Connection: keep-alive
200 "GET \/k1 HTTP\/1.0"
open: yes
200 "GET \/k2 HTTP\/1.0" connection=keep-alive
open: yes
200 "GET \/k3 HTTP\/1.0" connection=close
closed: yes
