--TEST--
HTTP/1.0 without keep-alive: one response, then the server closes the connection
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

// Without Host (allowed in HTTP/1.0), and a second request in the same write that must be ignored.
$c = new H1Client($srv->port);
$c->send("GET /ten HTTP/1.0\r\n\r\n" . "GET /ignored HTTP/1.0\r\n\r\n");
$r = $c->readResponse();
echo h1_head($r), h1_line($r), "\n";
[$closed, $t, $extra] = $c->waitClose(3);
// Promptly: right after the response, not when an idle timeout ends it.
echo 'closed: ', $closed ? 'yes' : 'no', ', promptly: ', $t < 2 ? 'yes' : 'no', ', extra: ', json_encode($extra), "\n";
$c->close();

// With Host and a body.
$r = h1_exchange($srv->port, "POST /ten-post HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\nhi");
echo h1_line($r), ' ', $r['version'], ' connection=', $r['h']['connection'] ?? '-', "\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.0 200 OK
Content-Type: text/plain
Date: <date>
Content-Length: 17
Connection: close
200 "GET \/ten HTTP\/1.0"
closed: yes, promptly: yes, extra: ""
200 "POST \/ten-post HTTP\/1.0" closed HTTP/1.0 connection=close
