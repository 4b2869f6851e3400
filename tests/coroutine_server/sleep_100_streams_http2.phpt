--TEST--
Coroutine server: one worker, a handler that does Coroutine::sleep(0.2): 100 concurrent HTTP/2 streams on one connection (h2load -c 1 -m 100) all succeed within 1.5 s (serially: 20 s)
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'h2load', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/cs.inc';

$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) {
    if ($req->server['path_info'] === '/pid') { $res->end((string)getmypid()); return; }
    Trident\Coroutine::sleep(0.2);
    $res->end('done');
});
$server->start();
PHP);

[$code, $out] = trident_curl(['--http2-prior-knowledge', '-o', '-', '-w', "\n%{http_code} %{http_version}", $srv->url('/work')]);
echo "one h2c request: ", json_encode($out), "\n";

// All 100 requests go out at once as 100 streams of one connection (h2load -m 100).
$t0 = microtime(true);
[$rc, $out, $err] = trident_run(['h2load', '-n', '100', '-c', '1', '-m', '100', '-t', '1', $srv->url('/work')], null, 20);
$wall = microtime(true) - $t0;
echo "h2load exit: $rc\n";
preg_match('/^requests: .*$/m', $out, $m);
echo $m[0] ?? "no requests line:\n$out$err", "\n";
preg_match('/^status codes: .*$/m', $out, $m);
echo $m[0] ?? 'no status codes line', "\n";
preg_match('/^traffic: .*$/m', $out, $m);
// 100 bodies of 4 bytes.
echo "data bytes: ", preg_match('/\((\d+)\) data/', $m[0] ?? '', $d) ? $d[1] : '?', "\n";
// h2load's own clock: "finished in 210.12ms, ..." (or "1.23s").
preg_match('/^finished in ([\d.]+)(ms|s|us),/m', $out, $m);
$secs = isset($m[1]) ? (float)$m[1] / ['s' => 1, 'ms' => 1e3, 'us' => 1e6][$m[2]] : INF;
// Serially 100 x 0.2 s = 20 s (10 at a time, 2 s); concurrently about 0.2 s.
echo "h2load time < 1.5 s: ", var_export($secs < 1.5, true), sprintf(" (%.3f s)", $secs), "\n";
echo "at least the sleep: ", var_export($secs >= 0.2, true), "\n";
echo "whole h2load run < 5 s: ", var_export($wall < 5, true), sprintf(" (%.3f s)", $wall), "\n";
$log = $srv->stop();
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECTF--
one h2c request: "done\n200 2"
h2load exit: 0
requests: 100 total, 100 started, 100 done, 100 succeeded, 0 failed, 0 errored, 0 timeout
status codes: 100 2xx, 0 3xx, 0 4xx, 0 5xx
data bytes: 400
h2load time < 1.5 s: true (%f s)
at least the sleep: true
whole h2load run < 5 s: true (%f s)
log: ""
