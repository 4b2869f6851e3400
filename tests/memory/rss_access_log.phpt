--TEST--
Memory: with access_log on (JSON lines), 10^5 HTTP/1.1 keep-alive requests and 2x10^4 h2c requests leave the RSS of the master (reactors and the log writer), the manager and the worker flat, and every request has its line in the file
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("RSS measured, and ASan's quarantine and shadow memory grow it by design; LeakSanitizer checks leaks instead");
require __DIR__ . '/rss.inc'; trident_test_skipif(['h2load', 'curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/rss.inc';
$log = tempnam(sys_get_temp_dir(), 'trident_alog_');
register_shutdown_function(fn() => @unlink($log));
$srv = new TridentTestServer(rss_server_code("['worker_num' => 1, 'reactor_num' => 1, 'open_http2_protocol' => true, 'access_log' => '$log', 'access_log_format' => 'json']"));
$roles = rss_roles($srv, rss_worker_pids($srv));
$h1 = fn(int $n) => rss_h2load_summary(trident_run(['h2load', '--h1', '-n', (string)$n, '-c', '10', $srv->url('/')], null, 120)[1]);
$h2 = fn(int $n) => rss_h2load_summary(trident_run(['h2load', '-n', (string)$n, '-c', '4', '-m', '8', $srv->url('/')], null, 120)[1]);
echo "warm-up: ", $h1(20000), " / ", $h2(5000), "\n";
$before = rss_snapshot($srv);
echo "measured: ", $h1(100000), " / ", $h2(20000), "\n";
$after = rss_snapshot($srv);
echo rss_report($roles, $before, $after, 3072);
$srv->stop();
// Every request has its line (plus the few rss.inc's own requests made).
$lines = 0;
$f = fopen($log, 'r');
while (($l = fgets($f)) !== false) $lines++;
echo "lines for the 145000 requests: ", $lines >= 145000 && $lines < 145100 ? 'all' : $lines, "\n";
?>
--EXPECT--
warm-up: 20000 of 20000 succeeded, failed 0, errored 0, timeout 0 / 5000 of 5000 succeeded, failed 0, errored 0, timeout 0
measured: 100000 of 100000 succeeded, failed 0, errored 0, timeout 0 / 20000 of 20000 succeeded, failed 0, errored 0, timeout 0
manager: flat
master: flat
worker: flat
lines for the 145000 requests: all
