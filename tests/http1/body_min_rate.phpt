--TEST--
HTTP/1.1 http_body_min_rate: a body trickling in below the rate (each read inside the header timeout) gets 408 after one 5 s window, Content-Length and chunked alike; an upload at a normal rate is unaffected
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4, 'http_header_timeout' => 2,
              'http_body_min_rate' => 1000]);
$server->on('Request', function ($req, $res) {
    $res->end($req->server['request_uri'] . ' ' . strlen((string)$req->rawContent()));
});
$server->start();
PHP);
// Each trickler sends 10 bytes every 0.5 s (20 B/s): always within the 2 s header timeout,
// far below 1000 B/s.
$trickle = function (string $head, callable $piece) use ($srv) {
    $c = new H1Client($srv->port);
    $c->send($head);
    $t0 = microtime(true);
    $r = null;
    for ($i = 0; microtime(true) - $t0 < 12; $i++) {
        try { $c->send($piece($i)); } catch (RuntimeException $e) { break; }
        if ($c->fill(microtime(true) + 0.5)) break;  // the server answered
        if ($c->eof) break;
    }
    $t = microtime(true) - $t0;
    $r = $c->readResponse(false, 2);
    [$closed] = $c->waitClose(3);
    $c->close();
    return h1_line($r) . ($closed ? ' closed' : ' open') . ', after 4.5..8 s: ' . ($t >= 4.5 && $t < 8 ? 'yes' : "no ($t)");
};
echo 'content-length: ', $trickle("POST /cl HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n", fn($i) => str_repeat('a', 10)), "\n";
echo 'chunked: ', $trickle("POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", fn($i) => "3\r\nabc\r\n"), "\n";
// A 2 MB upload from curl is far above the rate.
$f = tempnam(sys_get_temp_dir(), 'trident_rate_');
file_put_contents($f, str_repeat('z', 2000000));
[, $out] = trident_curl(['--data-binary', "@$f", $srv->url('/fast')]);
@unlink($f);
echo "fast upload: $out\n";
$srv->stop();
?>
--EXPECT--
content-length: 408 "Request body too slow\n" closed, after 4.5..8 s: yes
chunked: 408 "Request body too slow\n" closed, after 4.5..8 s: yes
fast upload: /fast 2000000
