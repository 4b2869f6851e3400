--TEST--
dispatch_mode least_loaded (the default; worker_num 2, one reactor): while one worker is busy, the next requests go to the other worker at once
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

$mark = lc_tempfile('llslow');
$srv = new TridentTestServer(lc_define('MARK', $mark) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['path_info'] === '/slow') {
        file_put_contents($GLOBALS['MARK'], "slow started {$req->get['round']}\n", FILE_APPEND | LOCK_EX);
        usleep(3000000);
    }
    $res->end((string)$server->workerId);
});
$server->start();
PHP);

echo "default dispatch_mode is least_loaded: ", var_export(Trident\Http\Server::DISPATCH_LEAST_LOADED === 2, true), "\n";
for ($round = 0; $round < 2; $round++) {
    $slow = lc_bg_get($srv->url("/slow?round=$round"));
    lc_wait_lines($mark, "/^slow started $round\$/");   // /slow is in its handler
    $t = microtime(true);
    // Five quick requests (one keep-alive connection) while /slow runs.
    $fast = lc_get_many(array_fill(0, 5, $srv->url('/fast')));
    $elapsed = microtime(true) - $t;
    [$st, $slowId] = lc_wait($slow);
    $fastIds = array_unique(array_column($fast, 1));
    echo "round $round: slow $st, fast ", implode(',', array_unique(array_column($fast, 0))),
        ", fast ones all on the other worker: ", var_export($fastIds === [$slowId === '0' ? '1' : '0'], true),
        // Queued behind /slow they would take about its 3 s.
        ", not queued behind /slow: ", var_export($elapsed < 2.0, true), "\n";
}
$srv->stop();
?>
--EXPECT--
default dispatch_mode is least_loaded: true
round 0: slow 200, fast 200, fast ones all on the other worker: true, not queued behind /slow: true
round 1: slow 200, fast 200, fast ones all on the other worker: true, not queued behind /slow: true
