--TEST--
HTTP/1.1 http_idle_timeout: an idle keep-alive connection is closed by the server; a client that keeps using its connection is not
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4, 'http_idle_timeout' => 0.5, 'http_header_timeout' => 5]);
$server->on('Request', function ($req, $res) {
    $res->header('Content-Type', 'text/plain');
    $res->end($req->getMethod() . ' ' . $req->server['request_uri']);
});
$server->start();
PHP);

$idle = new H1Client($srv->port);
$idle->send(h1_get('/once'));
echo 'idle: ', h1_line($idle->readResponse()), "\n";
// Connected only now, and used at once: a connection made earlier would itself sit idle while
// the first request runs, and a loaded machine could stretch that past 0.5 s.
$busy = new H1Client($srv->port);
$t0 = microtime(true);
// The busy client sends a request every 0.1 s for 1.5 s: each one restarts its idle timer
// (0.4 s of slack before its 0.5 s would run out).
$answers = 0;
for ($i = 0; $i < 15; $i++) {
    $busy->send(h1_get("/tick$i"));
    $r = $busy->readResponse();
    if ($r['status'] === 200 && $r['body'] === "GET /tick$i") $answers++;
    usleep(100000);
}
echo "busy: $answers of 15 answered on one connection\n";
// The idle connection was closed meanwhile: EOF, no bytes (no response without a request).
[$closed, , $extra] = $idle->waitClose(1);
$t = microtime(true) - $t0;
echo 'idle closed: ', $closed ? 'yes' : 'no', ', bytes: ', json_encode($extra), "\n";
$idle->close();
$busy->send(h1_get('/last'));
echo 'busy: ', h1_line($busy->readResponse()), "\n";
$busy->close();

// Timing of the idle close: measured on a fresh connection.
$c = new H1Client($srv->port);
$c->send(h1_get('/x'));
$c->readResponse();
$t0 = microtime(true);
[$closed, $t] = $c->waitClose(5);
// (http_idle_timeout 0.5 s; without it the connection would stay open.)
echo 'closed after 0.4..3 s: ', $closed && $t >= 0.4 && $t < 3 ? 'yes' : "no ($t)", "\n";
$c->close();
$srv->stop();
?>
--EXPECT--
idle: 200 "GET \/once"
busy: 15 of 15 answered on one connection
idle closed: yes, bytes: ""
busy: 200 "GET \/last"
closed after 0.4..3 s: yes
