--TEST--
Coroutine server over HTTP/3: one worker, a handler that does Coroutine::sleep(0.2): 100 concurrent streams on one QUIC connection (gtlsclient -n 100) all succeed, in far less than 100 x 0.2 s
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['path_info'] === '/stats') { $res->end(json_encode($server->stats())); return; }
    Trident\Coroutine::sleep(0.2);
    $res->end('done');
});
$server->start();
PHP);

$dl = tls_temp_dir();
$r = h3_client($srv->port, ['/work'], ["--download=$dl"], 10);
echo "one request: ", h3_status_summary($r), " ", json_encode((string)@file_get_contents("$dl/work")), "\n";

// All 100 requests go out at once as 100 streams of one connection (the server allows 128).
$t0 = microtime(true);
$r = h3_client($srv->port, ['/work'], ['-n', '100'], 15);
$wall = microtime(true) - $t0;
echo "handshake: ", $r['handshake'] ? 'yes' : 'no', "\n";
echo "streams: ", count($r['streams']), ", one connection: ", var_export(substr_count($r['log'], 'QUIC handshake has completed') === 1, true), "\n";
echo "statuses: ", h3_status_summary($r), "\n";
$bodies = array_count_values(array_map('strval', array_column($r['streams'], 'body')));
$closes = array_count_values(array_map('strval', array_column($r['streams'], 'close')));
echo "body bytes per stream: ", json_encode($bodies), ", close codes: ", json_encode($closes), "\n";
// Serially that would be 20 s (10 at a time, 2 s); gtlsclient's start-up and handshake are in
// this wall time too.
echo "whole gtlsclient run < 5 s: ", var_export($wall < 5, true), sprintf(" (%.3f s)", $wall), "\n";
echo "at least the sleep: ", var_export($wall >= 0.2, true), "\n";

$r = h3_client($srv->port, ['/stats'], ["--download=$dl"], 10);
$s = json_decode((string)@file_get_contents("$dl/stats"), true) ?: [];
// The 1 + 100 finished requests, all by the single worker (the stats request is not finished yet).
echo "worker 0 request_count: ", $s['workers'][0]['request_count'] ?? '?', ", response_count: ", $s['response_count'] ?? '?', "\n";
$log = $srv->stop();
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECTF--
one request: 200 x1 "done"
handshake: yes
streams: 100, one connection: true
statuses: 200 x100
body bytes per stream: {"4":100}, close codes: {"256":100}
whole gtlsclient run < 5 s: true (%f s)
at least the sleep: true
worker 0 request_count: 101, response_count: 101
log: ""
