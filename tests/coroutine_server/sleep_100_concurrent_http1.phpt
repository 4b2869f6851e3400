--TEST--
Coroutine server: one worker, a handler that does Coroutine::sleep(0.2): 100 concurrent HTTP/1.1 requests (100 connections) all get 200 "done" within 1.5 s (serially: 20 s)
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/cs.inc';

$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    if ($req->server['path_info'] === '/pid') { $res->end((string)getmypid()); return; }
    Trident\Coroutine::sleep(0.2);
    $res->end('done');
});
$server->start();
PHP);

// Warm up: the connection path and the worker are ready before the clock starts.
[$st, $pid] = lc_get($srv->url('/pid'));
echo "warm-up: $st\n";

$r = cs_parallel_get($srv->port, array_fill(0, 100, '/work'), 10);
echo "responses: ", cs_summary($r['res']), "\n";
// Serially this would take 100 x 0.2 s = 20 s (10 at a time, 2 s); concurrently about 0.2 s.
echo "wall time < 1.5 s: ", var_export($r['wall'] < 1.5, true), sprintf(" (%.3f s)", $r['wall']), "\n";
echo "none faster than the sleep: ", var_export(min(array_column($r['res'], 2)) >= 0.2, true), "\n";
[$st, $pid2] = lc_get($srv->url('/pid'));
echo "same single worker afterwards: $st ", var_export($pid2 === $pid, true), "\n";
$log = $srv->stop();
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECTF--
warm-up: 200
responses: 200 "done" x 100
wall time < 1.5 s: true (%f s)
none faster than the sleep: true
same single worker afterwards: 200 true
log: ""
