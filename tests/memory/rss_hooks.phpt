--TEST--
Memory: 30,000 requests whose handlers go through the coroutine hooks (a hooked tcp:// HTTP call to another server, a DNS lookup on the resolver pool, a sub-millisecond sleep) leave the RSS of the master, the manager and the worker flat
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("RSS measured, and ASan's quarantine and shadow memory grow it by design; LeakSanitizer checks leaks instead");
require __DIR__ . '/rss.inc'; trident_test_skipif(['h2load', 'curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/rss.inc';
$back = new TridentTestServer(rss_server_code("['worker_num' => 1, 'reactor_num' => 1]"));
$code = str_replace("\$res->header('Content-Type', 'text/plain');",
    "usleep(50); \$res->header('X-Host', gethostbyname('localhost')); \$res->end(file_get_contents('http://127.0.0.1:BACK/')); return;",
    rss_server_code("['worker_num' => 1, 'reactor_num' => 1]"));
$srv = new TridentTestServer(str_replace('BACK', (string)$back->port, $code));
[, $body] = trident_curl(['-si', $srv->url('/')]);
echo "a hooked request: ", preg_match('/x-host: 127\.0\.0\.1/i', $body) && str_ends_with($body, "Hello, World!\n") ? 'ok' : $body, "\n";
$roles = rss_roles($srv, rss_worker_pids($srv));
$load = fn(int $n) => rss_h2load_summary(trident_run(['h2load', '--h1', '-n', (string)$n, '-c', '10', $srv->url('/')], null, 180)[1]);
echo "warm-up: ", $load(5000), "\n";
$before = rss_snapshot($srv);
echo "measured: ", $load(30000), "\n";
$after = rss_snapshot($srv);
echo rss_report($roles, $before, $after, 3072);
$srv->stop();
$back->stop();
?>
--EXPECT--
a hooked request: ok
warm-up: 5000 of 5000 succeeded, failed 0, errored 0, timeout 0
measured: 30000 of 30000 succeeded, failed 0, errored 0, timeout 0
manager: flat
master: flat
worker: flat
