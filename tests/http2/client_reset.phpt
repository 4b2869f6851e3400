--TEST--
HTTP/2 client RST_STREAM(CANCEL) while the handler runs and mid-response: the handler sees isWritable()/end()/write() false, client_abort_count counts it, the connection and the server keep serving
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl','nghttp','h2load']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
$rec = tempnam(sys_get_temp_dir(), 'h2rst');
register_shutdown_function(fn() => @unlink($rec));
$srv = new TridentTestServer('$REC = ' . var_export($rec, true) . ";\n" . <<<'PHP'
function rec(string $l): void { file_put_contents($GLOBALS['REC'], $l . "\n", FILE_APPEND | LOCK_EX); }
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    switch ($req->server['path_info']) {
        case '/slow':
            rec('slow started');
            usleep(800000);
            $w = $res->isWritable();
            $e = $res->end('too late');
            rec('slow isWritable=' . var_export($w, true) . ' end=' . var_export($e, true));
            return;
        case '/stream':
            // 64 KiB pieces, 5 ms apart, until write() fails (at most 16 MiB).
            $piece = str_repeat('s', 65536);
            for ($i = 0; $i < 256; $i++) {
                if (!$res->write($piece)) break;
                usleep(5000);
            }
            rec('stream stopped=' . var_export($i < 256, true) . ' isWritable=' . var_export($res->isWritable(), true));
            $res->end();
            return;
        case '/stats':
            $s = $server->stats();
            unset($s['workers']);
            $res->end(json_encode($s));
            return;
        default:
            $res->end('ok ' . $req->streamId);
    }
});
$server->start();
PHP);

function wait_rec(string $file, string $prefix, float $timeout = 5): ?string {
    $deadline = microtime(true) + $timeout;
    do {
        foreach (file($file, FILE_IGNORE_NEW_LINES) ?: [] as $l) if (str_starts_with($l, $prefix)) return $l;
        usleep(20000);
    } while (microtime(true) < $deadline);
    return null;
}

$c = new H2Raw($srv->port);
$c->handshake();
// (a) reset while the handler sleeps.
$c->request(1, '/slow');
echo "handler started: ", var_export(wait_rec($rec, 'slow started') !== null, true), "\n";
$c->send(h2_rst_frame(1, H2_CANCEL));
echo wait_rec($rec, 'slow isWritable') ?? 'slow handler did not finish', "\n";
// The connection is still usable, and nothing more arrives for stream 1.
$c->request(3, '/after');
[$st, , $body, $how] = $c->response(3);
echo "stream 3 on the same connection: $st $body $how\n";
$c->collect(0.3);
echo "frames for stream 1 after the reset: ", json_encode(array_map(fn($s) => $s[0] . ' ' . $s[3], array_intersect_key($c->streams, [1 => 1]))), "\n";

// (b) reset mid-response: read the first DATA, then RST_STREAM.
$c->request(5, '/stream');
$gotData = false;
$deadline = microtime(true) + 5;
while (!$gotData && ($f = $c->readFrame(max(0.01, $deadline - microtime(true)))) !== null) {
    if ($f[0] === H2_DATA && $f[2] === 5 && $f[3] !== '') $gotData = true;
}
echo "stream 5 started: ", var_export($gotData, true), "\n";
$c->send(h2_rst_frame(5, H2_CANCEL));
echo wait_rec($rec, 'stream stopped') ?? 'stream handler did not stop', "\n";
$c->request(7, '/after2');
[$st, , $body, $how] = $c->response(7);
echo "stream 7 on the same connection: $st $body $how\n";
echo "no GOAWAY: ", var_export($c->goaway === null && !$c->eof, true), "\n";
$c->close();

// The server keeps serving, and counted the aborts.
[$st, $body] = h2_curl_get($srv->url('/stats'));
$s = json_decode($body, true);
echo "stats: $st client_abort_count>=2: ", var_export(($s['client_abort_count'] ?? 0) >= 2, true),
    ", http2_stream_reset_count>=2: ", var_export(($s['http2_stream_reset_count'] ?? 0) >= 2, true),
    " (", $s['client_abort_count'] ?? '?', ", ", $s['http2_stream_reset_count'] ?? '?', ")\n";
echo "worker_abnormal_exit_count: ", $s['worker_abnormal_exit_count'] ?? '?', "\n";
$log = $srv->stop();
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECTF--
handler started: true
slow isWritable=false end=false
stream 3 on the same connection: 200 ok 3 end
frames for stream 1 after the reset: []
stream 5 started: true
stream stopped=true isWritable=false
stream 7 on the same connection: 200 ok 7 end
no GOAWAY: true
stats: 200 client_abort_count>=2: true, http2_stream_reset_count>=2: true (%d, %d)
worker_abnormal_exit_count: 0
log: ""
