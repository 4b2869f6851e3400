--TEST--
HTTP/1.1 http_header_timeout does not cut a connection whose response is still being computed: a handler slower than the timeout with a partial pipelined head behind it gets its response; the partial head is timed (408) only once it is its turn
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'http_header_timeout' => 0.5]);
$server->on('Request', function ($req, $res) {
    if ($req->server['request_uri'] === '/slow') Trident\Coroutine::sleep(1.5);
    $res->end('done ' . $req->server['request_uri']);
});
$server->start();
PHP);
$c = new H1Client($srv->port);
$t0 = microtime(true);
$c->send(h1_get('/slow') . "GET /next HTTP/1.1\r\nHost: x\r\n");
$r = $c->readResponse(false, 5);
$t1 = microtime(true) - $t0;
echo 'slow: ', h1_line($r), ', after the handler (>= 1.4 s): ', $t1 >= 1.4 ? 'yes' : "no ($t1)", "\n";
// The partial head's turn starts now: 0.5 s later it is answered 408 and the connection closes.
$r = $c->readResponse(false, 5);
$t2 = microtime(true) - $t0 - $t1;
[$closed] = $c->waitClose(3);
echo 'partial head: ', h1_line($r), ' ', $closed ? 'closed' : 'open', ', 0.4..2 s after its turn: ', $t2 >= 0.4 && $t2 < 2 ? 'yes' : "no ($t2)", "\n";
$c->close();
// Completed in time, the pipelined request behind a slow one is served.
$c = new H1Client($srv->port);
$c->send(h1_get('/slow') . "GET /next HTTP/1.1\r\nHost: x\r\n");
usleep(300000);
$c->send("\r\n");
echo 'slow: ', h1_line($c->readResponse(false, 5)), "\n";
echo 'next: ', h1_line($c->readResponse(false, 5)), "\n";
$c->close();
$srv->stop();
?>
--EXPECT--
slow: 200 "done \/slow", after the handler (>= 1.4 s): yes
partial head: 408 "Request Timeout\n" closed, 0.4..2 s after its turn: yes
slow: 200 "done \/slow"
next: 200 "done \/next"
