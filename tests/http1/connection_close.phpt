--TEST--
HTTP/1.1 Connection: close is honoured: Connection: close in the response, then the server closes and answers nothing after it
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

// A keep-alive request first, then Connection: close on the same connection.
$c = new H1Client($srv->port);
$c->send(h1_get('/first'));
echo h1_line($c->readResponse()), "\n";
$c->send(h1_get('/bye', ['Connection: close']));
$r = $c->readResponse();
echo h1_head($r), h1_line($r), "\n";
[$closed, $t, $extra] = $c->waitClose(3);
// Promptly: right after the response, not when an idle timeout ends it.
echo 'closed: ', $closed ? 'yes' : 'no', ', promptly: ', $t < 2 ? 'yes' : 'no', ', extra bytes: ', strlen($extra), "\n";
$c->close();

// RFC 9112 §9.6: requests pipelined after the one with "close" are not answered.
$c = new H1Client($srv->port);
$c->send(h1_get('/a', ['Connection: keep-alive, close']) . h1_get('/must-not-run'));
$r = $c->readResponse();
echo h1_line($r), ' connection=', $r['h']['connection'] ?? '-', "\n";
[$closed, $t, $extra] = $c->waitClose(3);
echo 'closed: ', $closed ? 'yes' : 'no', ', extra: ', json_encode($extra), "\n";
$c->close();
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
200 "GET \/first HTTP\/1.1"
HTTP/1.1 200 OK
Content-Type: text/plain
Date: <date>
Content-Length: 17
Connection: close
200 "GET \/bye HTTP\/1.1"
closed: yes, promptly: yes, extra bytes: 0
200 "GET \/a HTTP\/1.1" connection=close
closed: yes, extra: ""
fresh: 200 "GET \/alive HTTP\/1.1"
