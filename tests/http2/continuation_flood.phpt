--TEST--
HTTP/2 CONTINUATION flood: HEADERS without END_HEADERS followed by 10,000 CONTINUATION frames closes the connection with a GOAWAY carrying an error code; the server keeps serving
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
    $res->end('ok');
});
$server->start();
PHP);

// Two shapes: CONTINUATION frames that each carry a header field (memory) and empty ones (CPU).
foreach (['with fields' => true, 'empty' => false] as $name => $fields) {
    $c = new H2Raw($srv->port);
    $c->handshake();
    $t0 = microtime(true);
    $c->send(h2_headers_frame(1, h2_request_block('GET', '/never'), true, false));
    $buf = '';
    $sent = 0;
    for ($i = 0; $i < 10000; $i++) {
        $buf .= h2_frame(H2_CONTINUATION, 0, 1, $fields ? h2_hpack_literal('x-flood-' . $i, str_repeat('v', 32)) : '');
        if (strlen($buf) >= 8192 || $i === 9999) {
            if (!$c->send($buf, 3)) break;   // the server may close the connection while we write
            $sent = $i + 1;
            $buf = '';
        }
    }
    $frames = $c->collect(3, fn($f) => $f[0] === H2_GOAWAY);
    $responses = count(array_filter($frames, fn($f) => $f[0] === H2_HEADERS));
    if ($c->goaway) {
        echo "$name: GOAWAY ", h2_error_name($c->goaway['code']), ", not NO_ERROR: ", var_export($c->goaway['code'] !== H2_NO_ERROR, true), "\n";
        $c->collect(2);
        echo "$name: connection closed after the GOAWAY: ", var_export($c->eof, true), "\n";
    } else {
        echo "$name: no GOAWAY (CONTINUATION frames written before the server stopped reading: $sent, connection closed: ", var_export($c->eof, true), ")\n";
    }
    echo "$name: no response to the flooded stream: ", var_export($responses === 0, true), "\n";
    echo "$name: bounded (< 8 s): ", var_export(microtime(true) - $t0 < 8, true), "\n";
    $c->close();
}

// Other clients are served.
[$st, $body] = h2_curl_get($srv->url('/stats'));
$s = json_decode($body, true);
echo "fresh curl: $st, worker_abnormal_exit_count ", $s['worker_abnormal_exit_count'] ?? '?', "\n";
$d = new H2Raw($srv->port);
$d->handshake();
$d->request(1, '/fresh');
[$st, , $body, $how] = $d->response(1);
echo "fresh raw connection: $st $body $how\n";
$d->close();
$srv->stop();
?>
--EXPECTF--
with fields: GOAWAY %s, not NO_ERROR: true
with fields: connection closed after the GOAWAY: true
with fields: no response to the flooded stream: true
with fields: bounded (< 8 s): true
empty: GOAWAY %s, not NO_ERROR: true
empty: connection closed after the GOAWAY: true
empty: no response to the flooded stream: true
empty: bounded (< 8 s): true
fresh curl: 200, worker_abnormal_exit_count 0
fresh raw connection: 200 ok end
