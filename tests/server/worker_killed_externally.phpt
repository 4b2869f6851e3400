--TEST--
Worker killed from outside (kill -9) while its handler sleeps: the client gets 502 at once, the slot is respawned, later keep-alive requests all succeed
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1]);
$server->on('Request', function ($req, $res) use ($server) {
    switch ($req->server['path_info']) {
        case '/sleep':
            usleep(3000000);
            $res->end('woke up');
            return;
        case '/stats':
            $res->end(json_encode($server->stats()));
            return;
        default:
            $res->end("{$server->workerId}:" . getmypid());
    }
});
$server->start();
PHP);

$t0 = microtime(true);
$sleeper = lc_bg_get($srv->url('/sleep'));
// Find the worker that is running /sleep (the /stats request itself runs on the other one).
$busy = lc_until(function () use ($srv) {
    $s = lc_stats($srv);
    if (!$s) return null;
    foreach ($s['workers'] as $id => $w) {
        if ($w['in_flight'] === 1 && $w['request_count'] === 0) {
            $other = $s['workers'][1 - $id];
            if ($other['in_flight'] === 1) return [$id, $w['pid'], $other['pid']];
        }
    }
    return null;
}, 3);
echo "found the busy worker: ", var_export((bool)$busy, true), "\n";
[$id, $pid, $otherPid] = $busy;
echo "kill -9: ", var_export(lc_kill($pid, 'KILL'), true), "\n";
[$st, $body, $secs] = lc_wait($sleeper);
echo "/sleep: $st ", trim($body), "\n";
echo "answered right after the kill, not after the sleep: ", var_export(microtime(true) - $t0 < 2.5, true), "\n";

$after = lc_until(function () use ($srv, $id, $pid) {
    $s = lc_stats($srv);
    return ($s && $s['workers'][$id]['pid'] > 0 && $s['workers'][$id]['pid'] !== $pid) ? $s : null;
}, 5);
echo "busy slot respawned: ", var_export((bool)$after, true), "\n";
echo "restart_count: ", $after['workers'][$id]['restart_count'] ?? '?', "\n";
echo "other worker kept its pid: ", var_export(($after['workers'][1 - $id]['pid'] ?? 0) === $otherPid, true), "\n";

// A keep-alive connection sends 10 requests after the crash: all succeed.
$res = lc_get_many(array_fill(0, 10, $srv->url('/')));
echo "after the crash: ", implode(' ', array_column($res, 0)), "\n";
echo "no request reached the dead pid: ", var_export(!in_array($pid, array_map(fn($r) => (int)explode(':', $r[1])[1], $res)), true), "\n";
$srv->stop();
?>
--EXPECT--
found the busy worker: true
kill -9: true
/sleep: 502 Bad Gateway
answered right after the kill, not after the sleep: true
busy slot respawned: true
restart_count: 1
other worker kept its pid: true
after the crash: 200 200 200 200 200 200 200 200 200 200
no request reached the dead pid: true
