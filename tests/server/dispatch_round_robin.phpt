--TEST--
dispatch_mode round_robin (worker_num 2, one reactor): requests alternate between the two workers, on one keep-alive connection, across new connections, and even when one worker is busy
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

$mark = lc_tempfile('rrslow');
$srv = new TridentTestServer(lc_define('MARK', $mark) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'dispatch_mode' => Trident\Http\Server::DISPATCH_ROUND_ROBIN]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['path_info'] === '/slow') {
        file_put_contents($GLOBALS['MARK'], "slow started\n");
        usleep(800000);
    }
    $res->end((string)$server->workerId);
});
$server->start();
PHP);

$alternates = function (array $ids): bool {
    foreach ($ids as $i => $id) if ($i > 0 && $id === $ids[$i - 1]) return false;
    return true;
};
$res = lc_get_many(array_fill(0, 10, $srv->url('/')));
$ids = array_column($res, 1);
echo "keep-alive: ", implode(' ', array_column($res, 0)), "\n";
echo "connections used: ", array_sum(array_column($res, 2)), "\n";
echo "ids: ", implode(',', array_unique($ids)) === '0,1' || implode(',', array_unique($ids)) === '1,0' ? 'both' : implode(',', $ids),
    ", alternating: ", var_export($alternates($ids), true), "\n";

$ids = [];
for ($i = 0; $i < 6; $i++) { [$st, $b] = lc_get($srv->url('/')); $ids[] = $st === 200 ? $b : "status $st"; }
echo "new connections: ", implode(',', array_unique($ids)) === '0,1' || implode(',', array_unique($ids)) === '1,0' ? 'both' : implode(',', $ids),
    ", alternating: ", var_export($alternates($ids), true), "\n";

// Unlike least_loaded, round robin also hands requests to a busy worker (they wait their turn).
$slow = lc_bg_get($srv->url('/slow'));
lc_wait_lines($mark, '/^slow started$/');   // dispatched before the fast ones
$res = lc_get_many(array_fill(0, 4, $srv->url('/fast')));
[$st, $slowId] = lc_wait($slow);
$ids = array_column($res, 1);
echo "while one worker is busy: ", implode(' ', array_column($res, 0)), ", alternating: ", var_export($alternates($ids), true),
    ", busy worker got its share: ", var_export(count(array_keys($ids, $slowId, true)) === 2, true), "\n";
$srv->stop();
?>
--EXPECT--
keep-alive: 200 200 200 200 200 200 200 200 200 200
connections used: 1
ids: both, alternating: true
new connections: both, alternating: true
while one worker is busy: 200 200 200 200, alternating: true, busy worker got its share: true
