--TEST--
HTTP/1.1 http_header_timeout: a slowloris head (or a stalled body) gets 408 and a close within about a second; normal clients are unaffected
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'http_header_timeout' => 0.5, 'http_idle_timeout' => 30]);
$server->on('Request', function ($req, $res) use ($server) {
    $res->header('Content-Type', 'text/plain');
    if ($req->server['request_uri'] === '/stats') {
        $s = $server->stats();
        $res->end('timeouts>=2: ' . ($s['timeout_count'] >= 2 ? 'yes' : 'no'));
        return;
    }
    $res->end($req->getMethod() . ' ' . $req->server['request_uri'] . ' ' . strlen((string)$req->rawContent()));
});
$server->start();
PHP);

// Slowloris: a partial head, then nothing.
$slow = new H1Client($srv->port);
$t0 = microtime(true);
$slow->send("GET /slowloris HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Part: ");
// Meanwhile a normal client, which sends its head in three parts within 0.1 s, is served.
$ok = new H1Client($srv->port);
foreach (["GET /normal HT", "TP/1.1\r\nHost: x\r\n", "\r\n"] as $i => $part) { $ok->send($part); if ($i < 2) usleep(50000); }
echo 'normal: ', h1_line($ok->readResponse()), "\n";
// (http_header_timeout is 0.5 s; http_idle_timeout, 30 s, would be the alternative.)
$r = $slow->readResponse(false, 5);
$t = microtime(true) - $t0;
[$closed, $tc] = $slow->waitClose(3);
echo h1_head($r), 'body: ', json_encode($r['body']), "\n";
echo 'closed: ', $closed ? 'yes' : 'no', ', answered after 0.4..3 s: ', $t >= 0.4 && $t < 3 ? 'yes' : "no ($t)", "\n";
$slow->close();

// Headers complete, body stalled: 408 as well.
$c = new H1Client($srv->port);
$t0 = microtime(true);
$c->send("POST /stalled HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
$r = $c->readResponse(false, 5);
$t = microtime(true) - $t0;
[$closed] = $c->waitClose(3);
echo 'stalled body: ', h1_line($r), ' ', $closed ? 'closed' : 'open', ', after 0.4..3 s: ', $t >= 0.4 && $t < 3 ? 'yes' : "no ($t)", "\n";
$c->close();

// A connection that sends nothing at all is closed (no request, so no response is required).
$c = new H1Client($srv->port);
[$closed, $t, $extra] = $c->waitClose(5);
echo 'silent connection closed: ', $closed ? 'yes' : 'no', ', within 3 s: ', $t < 3 ? 'yes' : "no ($t)", ', bytes: ', json_encode($extra), "\n";
$c->close();

// The normal keep-alive client is still connected and served.
$ok->send(h1_get('/stats'));
echo 'normal again: ', h1_line($ok->readResponse()), "\n";
$ok->close();
$srv->stop();
?>
--EXPECT--
normal: 200 "GET \/normal 0"
HTTP/1.1 408 Request Timeout
Content-Type: text/plain
Content-Length: 16
Date: <date>
Connection: close
body: "Request Timeout\n"
closed: yes, answered after 0.4..3 s: yes
stalled body: 408 "Request Timeout\n" closed, after 0.4..3 s: yes
silent connection closed: yes, within 3 s: yes, bytes: ""
normal again: 200 "timeouts>=2: yes"
