--TEST--
HTTP/3 limits: max_concurrent_streams is the QUIC stream credit (the client sees it and 50 requests still complete), http_max_header_size answers 431, package_max_length answers 413, http_idle_timeout is the QUIC idle timeout; the connection serves on afterwards
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
$big = "{$c['dir']}/big.bin";
file_put_contents($big, str_repeat('x', 300000));
$srv = new TridentTestServer(h3_cert_vars($c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4, 'max_concurrent_streams' => 4,
              'http_max_header_size' => 2048, 'package_max_length' => 100000, 'http_idle_timeout' => 7.5,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) {
    $res->end('ok ' . strlen((string)$req->rawContent()));
});
$server->start();
PHP);
$r = h3_client($srv->port, ['/a'], ['-n', '50']);
preg_match('/initial_max_streams_bidi=(\d+)/', $r['log'], $m);
preg_match('/max_idle_timeout=(\d+)/', $r['log'], $t);
echo "advertised: initial_max_streams_bidi=", $m[1] ?? '?', " max_idle_timeout=", $t[1] ?? '?', "\n";
echo "50 requests with 4 streams of credit: ", h3_status_summary($r), "\n";
$long = '/' . str_repeat('p', 3000);
$r = h3_client($srv->port, [$long, '/after'], ['--no-http-dump']);
echo "long path (3000 bytes): ", $r['streams'][0]['status'], ", then ", $r['streams'][4]['status'] ?? 'none', " on the same connection\n";
$r = h3_client($srv->port, ['/upload', '/after'], ['-m', 'POST', '-d', $big]);
echo "300000-byte body: ", $r['streams'][0]['status'], ", then ", $r['streams'][4]['status'] ?? 'none', " on the same connection\n";
$log = $srv->stop();
echo preg_match('/Fatal|Warning/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
advertised: initial_max_streams_bidi=4 max_idle_timeout=7500
50 requests with 4 streams of credit: 200 x50
long path (3000 bytes): 431, then 200 on the same connection
300000-byte body: 413, then 413 on the same connection
log clean
