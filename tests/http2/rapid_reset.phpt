--TEST--
HTTP/2 rapid reset (CVE-2023-44487): 2,000 streams opened and reset at once on one connection get a GOAWAY with an error code, the connection closes, the server keeps serving
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

$c = new H2Raw($srv->port);
$c->handshake();
$t0 = microtime(true);
$blk = h2_request_block('GET', '/reset-me');
$buf = '';
$pairs = 0;
for ($i = 0; $i < 2000; $i++) {
    $sid = 1 + 2 * $i;
    $buf .= h2_headers_frame($sid, $blk) . h2_rst_frame($sid, H2_CANCEL);
    if (strlen($buf) >= 16384 || $i === 1999) {
        if (!$c->send($buf)) break;   // the server may close the connection before we are done
        $buf = '';
        $pairs = $i + 1;
    }
}
$frames = $c->collect(5, fn($f) => $f[0] === H2_GOAWAY);
$responses = count(array_filter($frames, fn($f) => $f[0] === H2_HEADERS));
if ($c->goaway) {
    echo "outcome: GOAWAY ", h2_error_name($c->goaway['code']), "\n";
    echo "error code is not NO_ERROR: ", var_export($c->goaway['code'] !== H2_NO_ERROR, true), "\n";
    echo "last stream id within what was sent: ", var_export($c->goaway['last'] <= 3999, true), "\n";
    // After the GOAWAY the server closes the connection.
    $c->collect(3);
    echo "connection closed: ", var_export($c->eof, true), "\n";
} else {
    // Not the expected mitigation: show what happened instead.
    echo "outcome: no GOAWAY (pairs written $pairs, responses $responses, eof ", var_export($c->eof, true), ")\n";
}
echo "reset streams got no response HEADERS (at most a few that raced): ", var_export($responses <= 10, true), "\n";
printf("bounded: done in < 8 s: %s\n", var_export(microtime(true) - $t0 < 8, true));
$c->close();

// The server is alive: a fresh connection (raw and curl) gets 200.
$d = new H2Raw($srv->port);
$d->handshake();
$d->request(1, '/fresh');
[$st, , $body, $how] = $d->response(1);
echo "fresh raw connection: $st $body $how\n";
$d->close();
[$st, $body] = h2_curl_get($srv->url('/stats'));
$s = json_decode($body, true);
echo "fresh curl: $st, worker_abnormal_exit_count ", $s['worker_abnormal_exit_count'] ?? '?', "\n";
$log = $srv->stop();
echo "server exited cleanly: ", var_export(!str_contains($log, 'signal') && !str_contains($log, 'Fatal'), true), "\n";
?>
--EXPECTF--
outcome: GOAWAY %s
error code is not NO_ERROR: true
last stream id within what was sent: true
connection closed: true
reset streams got no response HEADERS (at most a few that raced): true
bounded: done in < 8 s: true
fresh raw connection: 200 ok end
fresh curl: 200, worker_abnormal_exit_count 0
server exited cleanly: true
