--TEST--
$server->reload() from a handler: returns true, the request that asked completes, every worker is replaced (WorkerStop on the old, WorkerStart again for ids 0..N-1), no WorkerError
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

$ev = lc_tempfile('reload');
$srv = new TridentTestServer(lc_define('EV', $ev) . <<<'PHP'
function rec(string $line): void { file_put_contents($GLOBALS['EV'], $line . "\n", FILE_APPEND | LOCK_EX); }
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 3, 'reactor_num' => 2]);
$server->on('ManagerStart', function ($s) { rec("managerstart " . getmypid()); });
$server->on('WorkerStart', function ($s, int $id) { rec("workerstart $id " . getmypid()); });
$server->on('WorkerStop', function ($s, int $id) { rec("workerstop $id " . getmypid()); });
$server->on('WorkerError', function ($s, int $id, int $pid, int $code, int $sig) { rec("workererror $id $pid $code $sig"); });
$server->on('Request', function ($req, $res) use ($server) {
    switch ($req->server['path_info']) {
        case '/reload':
            $r = $server->reload();
            $res->end("reload " . var_export($r, true) . " by " . getmypid());
            return;
        case '/stats':
            $res->end(json_encode($server->stats()));
            return;
        default:
            $res->end((string)getmypid());
    }
});
$server->start();
PHP);

$parse = function () use ($ev) {
    $r = ['start' => [], 'stop' => [], 'error' => [], 'manager' => 0];
    foreach (lc_lines($ev) as $l) {
        $p = explode(' ', $l);
        if ($p[0] === 'workerstart') $r['start'][] = [(int)$p[1], (int)$p[2]];
        if ($p[0] === 'workerstop') $r['stop'][] = [(int)$p[1], (int)$p[2]];
        if ($p[0] === 'workererror') $r['error'][] = $l;
        if ($p[0] === 'managerstart') $r['manager']++;
    }
    return $r;
};
lc_until(fn() => count($parse()['start']) >= 3, 5);
$first = $parse()['start'];
$oldPids = array_column($first, 1);

[$st, $body] = lc_get($srv->url('/reload'));
echo "/reload: $st ", preg_match('/^reload true by (\d+)$/', $body, $m) && in_array((int)$m[1], $oldPids, true) ? "reload true by an old worker" : "[$body]", "\n";

$r = lc_until(function () use ($parse) { $r = $parse(); return count($r['start']) >= 6 && count($r['stop']) >= 3 ? $r : null; }, 6) ?: $parse();
$second = array_slice($r['start'], 3);
$ids = array_column($second, 0);
sort($ids);
echo "WorkerStart again for ids: ", implode(',', $ids), "\n";
$newPids = array_column($second, 1);
echo "new pids: ", var_export(count(array_unique($newPids)) === 3 && !array_intersect($newPids, $oldPids), true), "\n";
$stops = $r['stop'];
sort($stops);
$expectStops = $first;
sort($expectStops);
echo "WorkerStop for each old worker: ", var_export($stops === $expectStops, true), "\n";
echo "WorkerError: ", count($r['error']), ", ManagerStart: ", $r['manager'], "\n";

$stats = lc_stats($srv);
$statPids = array_column($stats['workers'] ?? [], 'pid');
sort($statPids);
sort($newPids);
echo "stats show the new pids: ", var_export($statPids === $newPids, true), "\n";
$res = lc_get_many(array_fill(0, 9, $srv->url('/pid')));
echo "after: ", implode(' ', array_column($res, 0)), ", only new workers: ", var_export(!array_diff(array_map('intval', array_column($res, 1)), $newPids), true), "\n";
$srv->stop();
?>
--EXPECT--
/reload: 200 reload true by an old worker
WorkerStart again for ids: 0,1,2
new pids: true
WorkerStop for each old worker: true
WorkerError: 0, ManagerStart: 1
stats show the new pids: true
after: 200 200 200 200 200 200 200 200 200, only new workers: true
