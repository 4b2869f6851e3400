--TEST--
Memory: 10^5 HTTP/3 requests (h3load, 10 QUIC connections x 10 streams) leave the RSS of the master, the manager and the worker flat
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("RSS measured, and ASan's quarantine and shadow memory grow it by design; LeakSanitizer checks leaks instead");
require __DIR__ . '/../http3/h3.inc'; h3_skipif(['pgrep', 'curl']); if (!is_executable(__DIR__ . '/../../bench/h3load/h3load')) die('skip bench/h3load/h3load not built (bench/h3load/build.sh)'); ?>
--FILE--
<?php
require __DIR__ . '/rss.inc';
require __DIR__ . '/../http3/h3.inc';
$c = tls_certs();
// HTTP/3 on the TLS listener; the cleartext one answers /pids to curl.
$srv = new TridentTestServer(h3_cert_vars($c) . '$TLS_PORT = ' . ($tls_port = trident_free_port()) . ";\n" .
    str_replace('$server->start();', '$server->listen(\'127.0.0.1\', $TLS_PORT, [\'ssl_cert_file\' => $CERT, \'ssl_key_file\' => $KEY]);' . "\n\$server->start();",
        rss_server_code("['worker_num' => 1, 'reactor_num' => 1, 'open_http3_protocol' => true]")));
$roles = rss_roles($srv, rss_worker_pids($srv));
$h3load = __DIR__ . '/../../bench/h3load/h3load';
$load = fn(int $n) => rss_h2load_summary(trident_run([$h3load, '-n', (string)$n, '-c', '10', '-m', '10', "https://127.0.0.1:$tls_port/"], null, 180)[1]);
echo "warm-up: ", $load(20000), "\n";
$before = rss_snapshot($srv);
echo "measured: ", $load(100000), "\n";
$after = rss_snapshot($srv);
echo rss_report($roles, $before, $after, 3072);
$srv->stop();
?>
--EXPECT--
warm-up: 20000 of 20000 succeeded, failed 0, errored 0, timeout 0
measured: 100000 of 100000 succeeded, failed 0, errored 0, timeout 0
manager: flat
master: flat
worker: flat
