--TEST--
Memory, MODE_BASE: 10^5 HTTP/1.1 keep-alive requests, then 10^5 h2c requests, leave the RSS of the master, the manager and both workers (each with its reactor) flat
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("RSS measured, and ASan's quarantine and shadow memory grow it by design; LeakSanitizer checks leaks instead");
require __DIR__ . '/../memory/rss.inc'; trident_test_skipif(['h2load', 'curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/../memory/rss.inc';
$code = str_replace("new Trident\\Http\\Server('127.0.0.1', \$PORT)", "new Trident\\Http\\Server('127.0.0.1', \$PORT, Trident\\Http\\Server::MODE_BASE)",
                    rss_server_code("['worker_num' => 2, 'open_http2_protocol' => true]"));
echo str_contains($code, 'MODE_BASE') ? "server in MODE_BASE\n" : "constructor not found\n";
$srv = new TridentTestServer($code);
$roles = rss_roles($srv, rss_worker_pids($srv));
$load = fn(array $args, int $n) => rss_h2load_summary(trident_run(['h2load', ...$args, '-n', (string)$n, '-c', '10', $srv->url('/')], null, 180)[1]);
echo 'warm-up h1: ', $load(['--h1'], 20000), "\n";
echo 'warm-up h2c: ', $load(['-m', '10'], 20000), "\n";
$before = rss_snapshot($srv);
echo 'measured h1: ', $load(['--h1'], 100000), "\n";
echo 'measured h2c: ', $load(['-m', '10'], 100000), "\n";
$after = rss_snapshot($srv);
echo rss_report($roles, $before, $after, 3072);
$srv->stop();
?>
--EXPECT--
server in MODE_BASE
warm-up h1: 20000 of 20000 succeeded, failed 0, errored 0, timeout 0
warm-up h2c: 20000 of 20000 succeeded, failed 0, errored 0, timeout 0
measured h1: 100000 of 100000 succeeded, failed 0, errored 0, timeout 0
measured h2c: 100000 of 100000 succeeded, failed 0, errored 0, timeout 0
manager: flat
master: flat
worker: flat
worker: flat
