--TEST--
Memory: 10^5 HTTP/1.1 keep-alive requests leave the RSS of the master, the manager and the worker flat (a request's memory is freed when it ends)
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("RSS measured, and ASan's quarantine and shadow memory grow it by design; LeakSanitizer checks leaks instead");
require __DIR__ . '/rss.inc'; trident_test_skipif(['h2load', 'curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/rss.inc';
$srv = new TridentTestServer(rss_server_code("['worker_num' => 1, 'reactor_num' => 1]"));
$roles = rss_roles($srv, rss_worker_pids($srv));
$load = fn(int $n) => rss_h2load_summary(trident_run(['h2load', '--h1', '-n', (string)$n, '-c', '10', $srv->url('/')], null, 120)[1]);
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
