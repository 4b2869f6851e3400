--TEST--
HTTP/2 request bodies are timed like HTTP/1.1 ones: a stream whose DATA stops for http_header_timeout gets 408, one trickling below http_body_min_rate gets 408 after a 5 s window; the connection and its other streams carry on
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['nghttp']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => true,
              'http_header_timeout' => 1, 'http_body_min_rate' => 1000]);
$server->on('Request', function ($req, $res) {
    $res->end($req->server['request_uri'] . ' ' . strlen((string)$req->rawContent()));
});
$server->start();
PHP);
$show = fn(array $r) => "{$r[0]} " . json_encode($r[2]) . " {$r[3]}";

// Stalled: a POST's HEADERS, a first DATA frame, then nothing.
$c = new H2Raw($srv->port);
$c->handshake();
$t0 = microtime(true);
$c->send(h2_headers_frame(1, h2_request_block('POST', '/stalled'), false));
$c->send(h2_frame(H2_DATA, 0, 1, 'abc'));
$r = $c->response(1, 5);
$t = microtime(true) - $t0;
echo 'stalled: ', $show($r), ', after 0.8..3 s: ', $t >= 0.8 && $t < 3 ? 'yes' : "no ($t)", "\n";
$c->request(3, '/after-stall');
echo 'same connection: ', $show($c->response(3)), "\n";

// Trickling: 10 bytes every 0.5 s (20 B/s), always inside the 1 s timeout.
$t0 = microtime(true);
$c->send(h2_headers_frame(5, h2_request_block('POST', '/trickle'), false));
while (microtime(true) - $t0 < 12 && ($c->streams[5][3] ?? null) === null) {
    $c->send(h2_frame(H2_DATA, 0, 5, str_repeat('t', 10)));
    $c->collect(0.5, fn($f) => $f[2] === 5);
}
$r = $c->response(5, 2);
$t = microtime(true) - $t0;
echo 'trickle: ', $show($r), ', after 4.5..8 s: ', $t >= 4.5 && $t < 8 ? 'yes' : "no ($t)", "\n";
$c->request(7, '/after-trickle');
echo 'same connection: ', $show($c->response(7)), "\n";

// Timers are per stream: one stalls while a sibling keeps sending (its DATA must not keep the
// stalled stream alive); the stalled one gets 408 alone, the sibling completes. The 408 stream
// still owes its body: when that stalls for another timeout it is reset with NO_ERROR (RFC 9113
// 8.1), so it cannot hold the connection.
$t0 = microtime(true);
$c->send(h2_headers_frame(9, h2_request_block('POST', '/stalled-beside'), false));
$c->send(h2_frame(H2_DATA, 0, 9, 'abc'));
$c->send(h2_headers_frame(11, h2_request_block('POST', '/busy-sibling'), false));
$sent = 0;
while (microtime(true) - $t0 < 4) {
    $c->send(h2_frame(H2_DATA, 0, 11, str_repeat('b', 500)));
    $sent += 500;
    $c->collect(0.3, fn($f) => false);
    if (($c->streams[9][3] ?? null) !== null && !isset($t9)) $t9 = microtime(true) - $t0;
}
$c->send(h2_frame(H2_DATA, H2_END_STREAM, 11, 'z'));
$r9 = $c->response(9, 1);
$r11 = $c->response(11, 5);
$t9 ??= microtime(true) - $t0;
echo "stalled beside a busy sibling: ", $show($r9), ', after 0.8..3 s: ', $t9 >= 0.8 && $t9 < 3 ? 'yes' : "no ($t9)", "\n";
echo 'busy sibling: ', $r11[0], ' ', $r11[2] === '/busy-sibling ' . ($sent + 1) ? 'whole body' : json_encode($r11[2]), "\n";
echo 'no GOAWAY: ', $c->goaway === null ? 'yes' : 'no', "\n";
$c->close();

// A real client's upload is not affected.
$f = tempnam(sys_get_temp_dir(), 'trident_h2rate_');
file_put_contents($f, str_repeat('u', 3000000));
[, $out] = trident_run(['nghttp', '-d', $f, "http://127.0.0.1:{$srv->port}/upload"]);
@unlink($f);
echo "nghttp upload: $out\n";
$srv->stop();
?>
--EXPECT--
stalled: 408 "Request Timeout\n" end, after 0.8..3 s: yes
same connection: 200 "\/after-stall 0" end
trickle: 408 "Request body too slow\n" end, after 4.5..8 s: yes
same connection: 200 "\/after-trickle 0" end
stalled beside a busy sibling: 408 "Request Timeout\n" rst NO_ERROR, after 0.8..3 s: yes
busy sibling: 200 whole body
no GOAWAY: yes
nghttp upload: /upload 3000000
