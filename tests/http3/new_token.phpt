--TEST--
QUIC NEW_TOKEN: with http3_retry, a client's first connection goes through a Retry and receives a NEW_TOKEN token; presenting it on the next connection (from another port) skips the Retry; a forged token is not accepted (Retry again)
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(); if (!is_executable(__DIR__ . '/../../bench/h3load/h3load')) die('skip bench/h3load/h3load not built (bench/h3load/build.sh)'); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 2, 'log_level' => 4, 'http3_retry' => true,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    $s = $server->stats();
    $res->end("retries={$s['quic_retry_count']} tokens={$s['quic_token_count']}");
});
$server->start();
PHP);
$h3load = __DIR__ . '/../../bench/h3load/h3load';
$file = "{$c['dir']}/token";
$run = function (string $label) use ($h3load, $file, $srv) {
    [, $out] = trident_run([$h3load, '-n', '2', "--token-file=$file", "https://127.0.0.1:{$srv->port}/"]);
    preg_match('/^address validation: .*$/m', $out, $a);
    preg_match('/^status codes: (\d+) 2xx/m', $out, $s);
    echo "$label: ", $a[0] ?? 'no report', ", 2xx: ", $s[1] ?? '?', "\n";
};
$run('first connection');
echo "token kept: ", is_file($file) && filesize($file) > 0 ? 'yes' : 'no', "\n";
$run('second connection');
$run('third connection');
// A token of the right kind (first byte 0x36) that we did not make.
file_put_contents($file, "\x36" . random_bytes(56));
$run('forged token');
$dl = tls_temp_dir();
h3_client($srv->port, ['/stats'], ["--download=$dl"]);
echo "stats: ", file_get_contents("$dl/stats"), "\n";
$srv->stop();
?>
--EXPECT--
first connection: address validation: 1 Retry received, token none presented, NEW_TOKEN received, 2xx: 2
token kept: yes
second connection: address validation: 0 Retry received, token presented, NEW_TOKEN received, 2xx: 2
third connection: address validation: 0 Retry received, token presented, NEW_TOKEN received, 2xx: 2
forged token: address validation: 1 Retry received, token presented, NEW_TOKEN received, 2xx: 2
stats: retries=3 tokens=2
