--TEST--
MODE_BASE over HTTP/3: every QUIC connection is served by one worker start to end (the kernel picks the worker's UDP socket from the connection id: a classic BPF program on the SO_REUSEPORT group); both workers take connections; 40 connections x 50 requests by h3load all succeed; many streams on one connection stay with one worker
--SKIPIF--
<?php require __DIR__ . '/../http3/h3.inc'; h3_skipif([]); if (!is_executable(__DIR__ . '/../../bench/h3load/h3load')) die('skip bench/h3load/h3load not built'); ?>
--FILE--
<?php
require __DIR__ . '/../http3/h3.inc';
$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT, Trident\Http\Server::MODE_BASE);
$server->set(['worker_num' => 2, 'log_level' => 4, 'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    $res->header('X-Worker', (string)$server->workerId);
    if ($req->server['request_uri'] === '/stats') { $res->end(json_encode($server->stats())); return; }
    $res->end("{$req->server['server_protocol']} by {$server->workerId}");
});
$server->start();
PHP);
// One connection, 20 streams: one worker answers them all.
$r = h3_client($srv->port, array_map(fn($i) => "/s$i", range(1, 20)));
$workers = array_unique(array_map(fn($s) => h3_header($s, 'x-worker'), $r['streams']));
echo 'one connection: ', h3_status_summary($r), ', workers: ', count($workers), "\n";
// Separate connections reach both workers (the first Initial's DCID is the client's random one).
$seen = [];
for ($i = 0; $i < 40 && count($seen) < 2; $i++) {
    $r = h3_client($srv->port, ['/w']);
    foreach ($r['streams'] as $s) if (h3_header($s, 'x-worker') !== null) $seen[h3_header($s, 'x-worker')] = true;
}
ksort($seen);
echo 'workers seen over separate connections: ', implode(',', array_keys($seen)), "\n";
[, $out] = trident_run([__DIR__ . '/../../bench/h3load/h3load', '-n', '2000', '-c', '40', '-m', '5', "https://127.0.0.1:{$srv->port}/load"], null, 60);
echo preg_match('/(\d+) succeeded, (\d+) failed/', $out, $m) ? "h3load: $m[1] succeeded, $m[2] failed\n" : "h3load: $out\n";
[$rc, $stats] = trident_curl(['-k', "https://127.0.0.1:{$srv->port}/stats"]);
$st = json_decode($stats, true);
echo 'quic_dropped_count: ', $st['quic_dropped_count'] ?? '?', ', quic_forwarded_count: ', $st['quic_forwarded_count'] ?? '?',
     ', quic_stateless_reset_count: ', $st['quic_stateless_reset_count'] ?? '?', "\n";
echo 'log: ', $srv->stop() === '' ? 'empty' : 'not empty', "\n";
?>
--EXPECT--
one connection: 200 x20, workers: 1
workers seen over separate connections: 0,1
h3load: 2000 succeeded, 0 failed
quic_dropped_count: 0, quic_forwarded_count: 0, quic_stateless_reset_count: 0
log: empty
