--TEST--
max_request: with worker_num 1 and max_request 10, 35 sequential requests all succeed and the worker is replaced after every 10 (normal exits, no WorkerError)
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

$ev = lc_tempfile('maxreq');
$srv = new TridentTestServer(lc_define('EV', $ev) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'max_request' => 10]);
$server->on('WorkerError', function ($s, int $id, int $pid, int $code, int $sig) {
    file_put_contents($GLOBALS['EV'], "workererror $id $pid $code $sig\n", FILE_APPEND | LOCK_EX);
});
$server->on('WorkerStop', function ($s, int $id) { file_put_contents($GLOBALS['EV'], "workerstop $id " . getmypid() . "\n", FILE_APPEND | LOCK_EX); });
$server->on('Request', function ($req, $res) use ($server) {
    $res->end((string)getmypid());
});
$server->start();
PHP);

// First 20 on one keep-alive connection, then 15 on fresh connections.
$res = lc_get_many(array_fill(0, 20, $srv->url('/pid')));
for ($i = 0; $i < 15; $i++) {
    [$st, $b] = lc_get($srv->url('/pid'));
    $res[] = [$st, $b, 1];
}
$codes = array_count_values(array_map('strval', array_column($res, 0)));
echo "requests: ", count($res), ", statuses: ", json_encode($codes), "\n";
$pids = array_column($res, 1);
$runs = [];
foreach ($pids as $i => $p) {
    if ($i === 0 || $p !== $pids[$i - 1]) $runs[] = 0;
    $runs[count($runs) - 1]++;
}
echo "pid changes: ", count($runs) - 1, ", distinct pids: ", count(array_unique($pids)), "\n";
echo "no worker served more than 10: ", var_export(max($runs) <= 10, true), "\n";
echo "run lengths: ", implode(',', $runs), "\n";
$log = $srv->stop();
$lines = lc_lines($ev);
echo "WorkerError: ", count(preg_grep('/^workererror/', $lines)), "\n";
echo "WorkerStop for every replaced worker: ", var_export(count(preg_grep('/^workerstop 0 /', $lines)) === count(array_unique($pids)), true), "\n";
?>
--EXPECT--
requests: 35, statuses: {"200":35}
pid changes: 3, distinct pids: 4
no worker served more than 10: true
run lengths: 10,10,10,5
WorkerError: 0
WorkerStop for every replaced worker: true
