--TEST--
Manager killed (kill -9): no worker is left orphaned, and the master does not hang (it reports the loss and shuts down)
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep', 'kill']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1]);
$server->on('Request', function ($req, $res) use ($server) {
    $res->end(json_encode(['manager' => $server->managerPid, 'workers' => array_column($server->stats()['workers'], 'pid')]));
});
$server->start();
PHP);

// Both workers' pids, once both are up.
$info = lc_until(function () use ($srv) {
    [$st, $body] = lc_get($srv->url('/'));
    $i = json_decode($body, true);
    return ($st === 200 && count($i['workers'] ?? []) === 2 && min($i['workers']) > 0) ? $i : null;
}, 10);
$manager = $info['manager'] ?? 0;
$workers = $info['workers'] ?? [];
echo "pids known: ", var_export($manager > 0 && count($workers) === 2 && min($workers) > 0, true), "\n";
echo "kill -9 manager: ", var_export(lc_kill($manager, 'KILL'), true), "\n";
$orphansGone = lc_until(function () use ($workers) {
    foreach ($workers as $p) if (file_exists("/proc/$p") && !str_contains((string)@file_get_contents("/proc/$p/stat"), ') Z ')) return false;
    return true;
}, 5);
echo "workers of the dead manager exited: ", var_export((bool)$orphansGone, true), "\n";
echo "master exited: ", var_export((bool)lc_until(fn() => !$srv->running(), 5), true), "\n";
echo "every process gone: ", var_export(lc_all_gone($srv, 3), true), "\n";
$log = $srv->stop();
echo "log: ", var_export(str_contains($log, 'the manager process exited unexpectedly'), true), "\n";
?>
--EXPECT--
pids known: true
kill -9 manager: true
workers of the dead manager exited: true
master exited: true
every process gone: true
log: true
