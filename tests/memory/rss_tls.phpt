--TEST--
Memory: thousands of TLS connections (one HTTP/1.1 request each, a full handshake each) and 10^5 HTTP/2 requests over TLS leave the RSS of the master, the manager and the worker flat
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("RSS measured, and ASan's quarantine and shadow memory grow it by design; LeakSanitizer checks leaks instead");
require __DIR__ . '/rss.inc'; trident_test_skipif(['h2load', 'wrk', 'curl', 'pgrep', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/rss.inc';
require __DIR__ . '/../tls/certs.inc';
$c = tls_certs();
$tls_port = trident_free_port();
$srv = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . "\$TLS_PORT = $tls_port;\n" .
    str_replace('$server->start();', '$server->listen(\'127.0.0.1\', $TLS_PORT, [\'ssl_cert_file\' => $CERT, \'ssl_key_file\' => $KEY]);' . "\n\$server->start();",
        rss_server_code("['worker_num' => 1, 'reactor_num' => 1, 'open_http2_protocol' => true]")));
$roles = rss_roles($srv, rss_worker_pids($srv));
// wrk opens a new connection (and TLS handshake) for every request with Connection: close.
// Runs of a few seconds are repeated until `$min` connections were made (at most 90 s): the
// count is what matters for memory, and a loaded machine makes fewer handshakes per second.
$handshakes = function (int $seconds, int $min) use ($tls_port) {
    $total = 0;
    $errors = 'none';
    $deadline = microtime(true) + 90;
    while ($total < $min && microtime(true) < $deadline) {
        [, $out] = trident_run(['wrk', '-t1', '-c4', "-d{$seconds}s", '-H', 'Connection: close', "https://127.0.0.1:$tls_port/"], null, $seconds + 30);
        if (!preg_match('/(\d+) requests in/', $out, $m)) return "no summary:\n$out";
        $total += (int)$m[1];
        if (preg_match('/Socket errors: (.*)$/m', $out, $e)) $errors = $e[1];
    }
    return ($total >= $min ? "at least $min connections" : "only $total connections") . ", socket errors: $errors";
};
$h2 = fn(int $n) => rss_h2load_summary(trident_run(['h2load', '-n', (string)$n, '-c', '10', '-m', '10', "https://127.0.0.1:$tls_port/"], null, 120)[1]);
echo "warm-up: ", $handshakes(2, 200), "; ", $h2(20000), "\n";
$before = rss_snapshot($srv);
echo "handshakes: ", $handshakes(4, 2000), "\n";
echo "HTTP/2 over TLS: ", $h2(100000), "\n";
$after = rss_snapshot($srv);
echo rss_report($roles, $before, $after, 3072);
$srv->stop();
?>
--EXPECT--
warm-up: at least 200 connections, socket errors: none; 20000 of 20000 succeeded, failed 0, errored 0, timeout 0
handshakes: at least 2000 connections, socket errors: none
HTTP/2 over TLS: 100000 of 100000 succeeded, failed 0, errored 0, timeout 0
manager: flat
master: flat
worker: flat
