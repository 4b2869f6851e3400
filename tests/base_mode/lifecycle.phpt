--TEST--
MODE_BASE lifecycle: a reload (SIGUSR1) replaces every worker while requests in flight on the old ones finish and new connections keep being served (the successor accepts from the same socket); max_request restarts a worker; SIGTERM lets a request in flight finish, then new connections are refused and the server exits
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/base.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT, Trident\Http\Server::MODE_BASE);
$server->set(['worker_num' => 2, 'log_level' => 3, 'max_wait_time' => 5, 'max_request' => 500]);
$server->on('Request', function ($req, $res) use ($server) {
    $res->header('X-Worker', $server->workerId . ':' . getmypid());
    switch ($req->server['request_uri']) {
        case '/slow':
            Trident\Coroutine::sleep(1);
            $res->end('slow done');
            return;
        case '/stats':
            $res->end(json_encode($server->stats()));
            return;
    }
    $res->end('ok');
});
$server->start();
PHP);
$before = array_column(lc_workers_up($srv, 2)['workers'], 'pid');
// A slow request in flight on each worker (keep-alive connections that know their worker).
$conns = base_connections($srv->port, 2, 1);
foreach ($conns as $w => [$c]) fwrite($c, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
usleep(100000);
lc_kill($srv->pid(), 'USR1');
// New connections all through the reload.
$t0 = microtime(true);
$ok = $failed = 0;
while (microtime(true) - $t0 < 1.5) {
    [$code, $body] = lc_get($srv->url('/during'));
    $code === 200 && $body === 'ok' ? $ok++ : $failed++;
}
echo 'during the reload: ', $ok > 20 ? 'more than 20' : $ok, " ok, $failed failed\n";
foreach ($conns as $w => [$c]) {
    $r = base_read_response($c);
    echo "slow request on the old worker $w: ", $r ? "$r[0] $r[2], connection: " . ($r[1]['connection'] ?? 'keep-alive') : 'no answer', "\n";
}
$after = lc_until(function () use ($srv, $before) {
    $p = array_column(lc_stats($srv)['workers'] ?? [], 'pid');
    return count($p) === 2 && !array_intersect($p, $before) && min($p) > 0 ? $p : null;
}, 10);
echo 'every worker replaced: ', $after ? 'yes' : 'no', "\n";
// max_request 500: a worker restarts after 500 requests; nothing is lost meanwhile.
$pids = $after;
$fails = 0;
for ($i = 0; $i < 8; $i++) {
    $res = lc_get_many(array_fill(0, 150, $srv->url('/mr')));
    foreach ($res as $r) $fails += $r[0] !== 200;
}
$st = lc_until(function () use ($srv, $pids) {
    $s = lc_stats($srv);
    $p = array_column($s['workers'] ?? [], 'pid');
    return $p && array_diff($p, $pids) && min($p) > 0 ? $s : null;
}, 10);
echo '1200 requests across max_request: failed ', $fails, ', a worker restarted: ', $st ? 'yes' : 'no', "\n";
// SIGTERM with a request in flight.
$slow = lc_bg_get($srv->url('/slow'));
usleep(200000);
$t0 = microtime(true);
lc_kill($srv->pid(), 'TERM');
[$refused] = lc_wait_refused($srv->port, 3);
echo 'new connections refused while draining: ', $refused ? 'yes' : 'no', "\n";
[$code, $body] = lc_wait($slow);
echo "in-flight request: $code $body\n";
$gone = lc_until(fn() => !$srv->running(), 6);
echo 'server exited: ', $gone ? 'yes' : 'no', ', within 3 s: ', microtime(true) - $t0 < 3 ? 'yes' : 'no', "\n";
$log = $srv->stop();
echo 'log: ', trim(preg_replace('/^.*(max_request|reloading|shutting down|manager stopping|manager stopped|server stopped).*$\n?/m', '', $log)) === '' ? 'nothing unexpected' : $log, "\n";
?>
--EXPECT--
during the reload: more than 20 ok, 0 failed
slow request on the old worker 0: 200 slow done, connection: close
slow request on the old worker 1: 200 slow done, connection: close
every worker replaced: yes
1200 requests across max_request: failed 0, a worker restarted: yes
new connections refused while draining: yes
in-flight request: 200 slow done
server exited: yes, within 3 s: yes
log: nothing unexpected
