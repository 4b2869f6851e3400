--TEST--
Memory: 100 POSTs of 1 MiB over HTTP/1.1 and 100 over HTTP/2 leave the RSS of the master, the manager and the worker flat (request bodies are freed with their requests)
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("RSS measured, and ASan's quarantine and shadow memory grow it by design; LeakSanitizer checks leaks instead");
require __DIR__ . '/rss.inc'; trident_test_skipif(['h2load', 'curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/rss.inc';
$srv = new TridentTestServer(rss_server_code("['worker_num' => 1, 'reactor_num' => 1, 'open_http2_protocol' => true, 'package_max_length' => 2 << 20]"));
$roles = rss_roles($srv, rss_worker_pids($srv));
$body = tempnam(sys_get_temp_dir(), 'trident_rss_');
register_shutdown_function(fn() => @unlink($body));
file_put_contents($body, random_bytes(1 << 20));
// h2load sends the file as each request's body; -c 4 keeps four bodies in flight at once.
$post = fn(int $n, array $proto) => rss_h2load_summary(trident_run(array_merge(['h2load'], $proto,
    ['-n', (string)$n, '-c', '4', '-d', $body, $srv->url('/')]), null, 120)[1]);
echo "warm-up: ", $post(20, ['--h1']), "; ", $post(20, []), "\n";
$before = rss_snapshot($srv);
echo "HTTP/1.1: ", $post(100, ['--h1']), "\n";
echo "HTTP/2: ", $post(100, []), "\n";
$after = rss_snapshot($srv);
// 200 MiB went through; a body kept per request would show as 200 MiB.
echo rss_report($roles, $before, $after, 8192);
[, $echo] = trident_curl(['--data-binary', "@$body", $srv->url('/')]);
echo "body length seen by PHP: $echo\n";
$srv->stop();
?>
--EXPECT--
warm-up: 20 of 20 succeeded, failed 0, errored 0, timeout 0; 20 of 20 succeeded, failed 0, errored 0, timeout 0
HTTP/1.1: 100 of 100 succeeded, failed 0, errored 0, timeout 0
HTTP/2: 100 of 100 succeeded, failed 0, errored 0, timeout 0
manager: flat
master: flat
worker: flat
body length seen by PHP: 1048576
