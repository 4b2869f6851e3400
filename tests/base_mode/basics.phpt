--TEST--
MODE_BASE: each worker accepts and serves its own connections over HTTP/1.1 and h2c (same responses as process mode), a connection stays with the worker that accepted it, both workers take connections, handlers run in coroutines, $server->mode says which mode
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/../server/lifecycle.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT, Trident\Http\Server::MODE_BASE);
$server->set(['worker_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    switch ($req->server['request_uri']) {
        case '/sleep':
            Trident\Coroutine::sleep(0.5);
            $res->end('slept');
            return;
        case '/stats':
            $res->end(json_encode($server->stats()));
            return;
    }
    $res->header('Content-Type', 'text/plain');
    $res->header('X-Worker', (string)$server->workerId);
    $res->end("{$req->server['server_protocol']} {$req->server['request_method']} {$req->server['request_uri']} mode={$server->mode} worker={$server->workerId}:" . getmypid() . "\n");
});
$server->start();
PHP);
lc_workers_up($srv, 2);
[$rc, $out] = trident_curl(['-si', $srv->url('/h1?x=1')]);
echo preg_replace(['/^Date: .*\r\n/m', '/worker=\d:\d+/', '/^X-Worker: \d\r$/m', '/^Content-Length: (\d+)\r$/m'],
                  ['', 'worker=W:PID', 'X-Worker: W', 'Content-Length: N'], $out);
[$rc, $out] = trident_curl(['-s', '--http2-prior-knowledge', '-w', '%{http_version} %{http_code}', $srv->url('/h2c')]);
echo preg_replace('/worker=\d:\d+/', 'worker=W:PID', $out), "\n";
// One keep-alive connection: every request on it is served by the worker that accepted it.
$many = lc_get_many(array_map(fn($i) => $srv->url("/k$i"), range(1, 6)));
$who = array_unique(array_map(fn($r) => preg_replace('/^.*worker=(\d:\d+)\n$/s', '$1', $r[1]), $many));
echo 'one connection: ', count($many), ' answers, ', array_sum(array_column($many, 2)), ' connect(s), served by ', count($who), " worker\n";
// Separate connections: the kernel spreads them over the two workers' sockets (SO_REUSEPORT).
$seen = [];
for ($i = 0; $i < 64 && count($seen) < 2; $i++) {
    $c = stream_socket_client("tcp://127.0.0.1:{$srv->port}", $e, $s, 5);
    fwrite($c, "GET /c$i HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    $resp = stream_get_contents($c);
    fclose($c);
    if (preg_match('/^X-Worker: (\d)\r$/m', $resp, $m)) $seen[$m[1]] = true;
}
ksort($seen);
echo 'workers seen over separate connections: ', implode(',', array_keys($seen)), "\n";
// Eight slow requests at once: coroutines, not one after the other (that would be 2 s).
$t0 = microtime(true);
$bg = [];
for ($i = 0; $i < 8; $i++) $bg[] = lc_bg_get($srv->url('/sleep'));
$bodies = array_map(fn($h) => implode(' ', array_slice(lc_wait($h), 0, 2)), $bg);
$took = microtime(true) - $t0;
echo 'eight /sleep: ', implode(', ', array_count_values($bodies)) === '8' ? '8 x 200 slept' : json_encode($bodies), ', concurrent: ', $took < 1.4 ? 'yes' : "no ($took s)", "\n";
$st = lc_stats($srv);
// The counters are the server's, summed over the workers' reactors (shared memory).
$perWorker = array_column($st['workers'] ?? [], 'request_count');
echo 'stats: worker_num=', $st['worker_num'] ?? '?', ', accept_count >= 13: ', ($st['accept_count'] ?? 0) >= 13 ? 'yes' : 'no (' . json_encode($st) . ')',
     ', both workers counted requests: ', count($perWorker) === 2 && min($perWorker) > 0 ? 'yes' : 'no', "\n";
echo 'log: ', $srv->stop() === '' ? 'empty' : 'not empty', "\n";
?>
--EXPECT--
HTTP/1.1 200 OK
Content-Type: text/plain
X-Worker: W
Content-Length: N

HTTP/1.1 GET /h1 mode=1 worker=W:PID
HTTP/2 GET /h2c mode=1 worker=W:PID
2 200
one connection: 6 answers, 1 connect(s), served by 1 worker
workers seen over separate connections: 0,1
eight /sleep: 8 x 200 slept, concurrent: yes
stats: worker_num=2, accept_count >= 13: yes, both workers counted requests: yes
log: empty
