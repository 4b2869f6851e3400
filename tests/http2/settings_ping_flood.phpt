--TEST--
HTTP/2 SETTINGS and PING floods from a client that does not read: bounded (GOAWAY ENHANCE_YOUR_CALM and close, or the connection still works), the server keeps serving
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl','nghttp','h2load']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['path_info'] === '/stats') {
        $s = $server->stats();
        unset($s['workers']);
        $res->end(json_encode($s));
        return;
    }
    $res->end('ok ' . $req->streamId);
});
$server->start();
PHP);

$floods = [
    'PING' => h2_ping_frame('flood!!!'),
    'SETTINGS' => h2_settings_frame([]),
    'SETTINGS with a value' => h2_settings_frame([H2_SETTINGS_INITIAL_WINDOW_SIZE => 65535]),
];
foreach ($floods as $name => $frame) {
    $c = new H2Raw($srv->port);
    $c->handshake();
    $t0 = microtime(true);
    // 100,000 frames (0.9-1.7 MB) without reading anything back, then 1 s of not reading.
    $chunk = str_repeat($frame, 1000);
    for ($i = 0; $i < 100; $i++) if (!$c->send($chunk, 3)) break;
    usleep(1000000);
    $acks = 0;
    $frames = $c->collect(3, fn($f) => $f[0] === H2_GOAWAY);
    foreach ($frames as $f) if (in_array($f[0], [H2_PING, H2_SETTINGS]) && ($f[1] & H2_ACK)) $acks++;
    if ($c->goaway) {
        $code = h2_error_name($c->goaway['code']);
        $c->collect(2);
        echo "$name flood: GOAWAY $code, connection closed: ", var_export($c->eof, true), "\n";
    } elseif (!$c->eof && !$c->broken) {
        // Still open: then it must still work, and it must not have queued unbounded replies.
        $c->request(1, '/still');
        [$st, , $body, $how] = $c->response(1);
        echo "$name flood: connection still works: $st $body $how\n";
    } else {
        echo "$name flood: connection closed without GOAWAY (after $acks ACKs)\n";
    }
    echo "$name flood: bounded (< 8 s): ", var_export(microtime(true) - $t0 < 8, true), "\n";
    $c->close();
}

[$st, $body] = h2_curl_get($srv->url('/stats'));
$s = json_decode($body, true);
echo "fresh curl: $st, worker_abnormal_exit_count ", $s['worker_abnormal_exit_count'] ?? '?', "\n";
$srv->stop();
?>
--EXPECTREGEX--
PING flood: (GOAWAY ENHANCE_YOUR_CALM, connection closed: true|connection still works: 200 ok 1 end)
PING flood: bounded \(< 8 s\): true
SETTINGS flood: (GOAWAY ENHANCE_YOUR_CALM, connection closed: true|connection still works: 200 ok 1 end)
SETTINGS flood: bounded \(< 8 s\): true
SETTINGS with a value flood: (GOAWAY ENHANCE_YOUR_CALM, connection closed: true|connection still works: 200 ok 1 end)
SETTINGS with a value flood: bounded \(< 8 s\): true
fresh curl: 200, worker_abnormal_exit_count 0
