--TEST--
Worker killed from outside (kill -9) while its handler sleeps: the client gets 502 at once, the slot is respawned, later keep-alive requests all succeed
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

// The /sleep handler says which worker runs it (id and pid) before it sleeps: the test
// kills exactly that one, whatever the other worker (which answers /stats) looks like.
$mark = lc_tempfile('sleeper');
$srv = new TridentTestServer(lc_define('MARK', $mark) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1]);
$server->on('Request', function ($req, $res) use ($server, $MARK) {
    switch ($req->server['path_info']) {
        case '/sleep':
            file_put_contents($MARK, "{$server->workerId} " . getmypid() . "\n");
            usleep(20000000);
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

$sleeper = lc_bg_get($srv->url('/sleep'), [], 40);
$busy = lc_until(function () use ($mark) {
    // Only a complete line counts (the handler may be writing it right now).
    return preg_match('/^(\d+) (\d+)\n$/', (string)@file_get_contents($mark), $m) ? [(int)$m[1], (int)$m[2]] : null;
}, 10);
echo "the /sleep handler started: ", var_export((bool)$busy, true), "\n";
[$id, $pid] = $busy;
// The stats agree: that slot has this pid and one request in flight.
$before = lc_until(function () use ($srv, $id, $pid) {
    $s = lc_stats($srv);
    return ($s && $s['workers'][$id]['pid'] === $pid && $s['workers'][$id]['in_flight'] === 1) ? $s : null;
}, 5);
echo "stats show it busy: ", var_export((bool)$before, true), "\n";
$otherPid = $before['workers'][1 - $id]['pid'] ?? 0;
$t0 = microtime(true);
echo "kill -9: ", var_export(lc_kill($pid, 'KILL'), true), "\n";
[$st, $body] = lc_wait($sleeper, 45);
echo "/sleep: $st ", trim($body), "\n";
// The handler would sleep 20 s: an answer within 10 s of the kill came from the crash.
echo "answered right after the kill, not after the sleep: ", var_export(microtime(true) - $t0 < 10, true), "\n";

$after = lc_until(function () use ($srv, $id, $pid) {
    $s = lc_stats($srv);
    return ($s && $s['workers'][$id]['pid'] > 0 && $s['workers'][$id]['pid'] !== $pid) ? $s : null;
}, 10);
echo "busy slot respawned: ", var_export((bool)$after, true), "\n";
echo "restart_count: ", $after['workers'][$id]['restart_count'] ?? '?', "\n";
echo "other worker kept its pid: ", var_export($otherPid > 0 && ($after['workers'][1 - $id]['pid'] ?? 0) === $otherPid, true), "\n";

// A keep-alive connection sends 10 requests after the crash: all succeed.
$res = lc_get_many(array_fill(0, 10, $srv->url('/')));
echo "after the crash: ", implode(' ', array_column($res, 0)), "\n";
echo "no request reached the dead pid: ", var_export(!in_array($pid, array_map(fn($r) => (int)explode(':', $r[1])[1], $res)), true), "\n";
$srv->stop();
?>
--EXPECT--
the /sleep handler started: true
stats show it busy: true
kill -9: true
/sleep: 502 Bad Gateway
answered right after the kill, not after the sleep: true
busy slot respawned: true
restart_count: 1
other worker kept its pid: true
after the crash: 200 200 200 200 200 200 200 200 200 200
no request reached the dead pid: true
