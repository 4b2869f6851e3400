--TEST--
MODE_BASE: a worker that dies takes its own connections with it (in-flight and idle ones end without an answer), the other worker's connections carry on, the slot restarts on the same listening socket and new connections are served
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/base.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT, Trident\Http\Server::MODE_BASE);
$server->set(['worker_num' => 2, 'log_level' => 5]);
$server->on('Request', function ($req, $res) use ($server) {
    $res->header('X-Worker', $server->workerId . ':' . getmypid());
    switch ($req->server['request_uri']) {
        case '/slow':
            Trident\Coroutine::sleep(3);
            $res->end('slow done');
            return;
        case '/die':
            posix_kill(getmypid(), 9);
            Trident\Coroutine::sleep(5);
            return;
        case '/stats':
            $res->end(json_encode($server->stats()));
            return;
    }
    $res->end('ok');
});
$server->start();
PHP, null, [], ['posix']);
lc_workers_up($srv, 2);
$conns = base_connections($srv->port, 2, 2);
echo 'connections per worker: ', implode(',', array_map('count', $conns)), "\n";
[$a1, $a2] = $conns[0];
[$b1, $b2] = $conns[1];
$pidA = (int)explode(':', base_get($a1, '/who')[1]['x-worker'])[1];
// On worker 0: a request in flight on one connection, then the kill from the other.
fwrite($a2, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
usleep(200000);
$t0 = microtime(true);
$died = base_get($a1, '/die');
echo '/die: ', $died === null ? 'connection ended without an answer' : 'answered ' . $died[0], "\n";
$slow = base_read_response($a2);
echo '/slow in flight on the dead worker: ', $slow === null ? 'connection ended without an answer' : 'answered ' . $slow[0], ', within 2 s: ', microtime(true) - $t0 < 2 ? 'yes' : 'no', "\n";
// The other worker's connections never noticed.
$r = base_get($b1, '/who');
echo 'other worker, connection 1: ', $r[0] ?? 'none', ' ', $r[2] ?? '', ' by worker ', explode(':', $r[1]['x-worker'] ?? '?')[0], "\n";
$r = base_get($b2, '/who');
echo 'other worker, connection 2: ', $r[0] ?? 'none', ' ', $r[2] ?? '', "\n";
// The slot restarts (new pid) and takes connections from the same socket again.
$st = lc_until(function () use ($srv, $pidA) {
    $s = lc_stats($srv);
    return ($s && ($s['workers'][0]['pid'] ?? 0) > 0 && $s['workers'][0]['pid'] !== $pidA) ? $s : null;
}, 10);
echo 'worker 0 restarted: ', $st ? 'yes' : 'no', ', restart_count: ', $st['workers'][0]['restart_count'] ?? '?',
     ', worker_abnormal_exit_count: ', $st['worker_abnormal_exit_count'] ?? '?', "\n";
$again = base_connections($srv->port, 2, 1);
echo 'both workers take new connections: ', count($again) === 2 ? 'yes' : 'no', "\n";
$ok = 0;
for ($i = 0; $i < 20; $i++) {
    [$code, $body] = lc_get($srv->url("/n$i"));
    $ok += $code === 200 && $body === 'ok';
}
echo "20 new requests: $ok x 200 ok\n";
$srv->stop();
?>
--EXPECT--
connections per worker: 2,2
/die: connection ended without an answer
/slow in flight on the dead worker: connection ended without an answer, within 2 s: yes
other worker, connection 1: 200 ok by worker 1
other worker, connection 2: 200 ok
worker 0 restarted: yes, restart_count: 1, worker_abnormal_exit_count: 1
both workers take new connections: yes
20 new requests: 20 x 200 ok
