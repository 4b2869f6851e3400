--TEST--
Lifecycle events: Start (master, once), ManagerStart, WorkerStart per worker id, WorkerStop, Shutdown last, start() returns true
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

$ev = lc_tempfile('events');
$srv = new TridentTestServer(lc_define('EV', $ev) . <<<'PHP'
function rec(string $line): void { file_put_contents($GLOBALS['EV'], $line . "\n", FILE_APPEND | LOCK_EX); }
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 3, 'reactor_num' => 2]);
$server->on('Start', function (Trident\Http\Server $s) {
    rec("start pid=" . getmypid() . " master={$s->masterPid} manager={$s->managerPid}");
});
$server->on('ManagerStart', function (Trident\Http\Server $s) {
    rec("managerstart pid=" . getmypid() . " manager={$s->managerPid} master={$s->masterPid}");
});
$server->on('WorkerStart', function (Trident\Http\Server $s, int $id) {
    rec("workerstart id=$id pid=" . getmypid() . " prop={$s->workerId}/{$s->workerPid}");
});
$server->on('WorkerStop', function (Trident\Http\Server $s, int $id) {
    rec("workerstop id=$id pid=" . getmypid());
});
$server->on('WorkerError', function (Trident\Http\Server $s, int $id, int $pid, int $code, int $sig) {
    rec("workererror id=$id pid=$pid code=$code sig=$sig");
});
$server->on('Shutdown', function (Trident\Http\Server $s) {
    rec("shutdown pid=" . getmypid());
});
$server->on('Request', function ($req, $res) use ($server) {
    $res->end("{$server->workerId}:" . getmypid());
});
$r = $server->start();
rec("returned " . var_export($r, true) . " pid=" . getmypid());
echo "start() returned ", var_export($r, true), "\n";
PHP);

$master = $srv->pid();
// Wait until the three workers have run WorkerStart (the port accepts before that).
lc_until(fn() => count(preg_grep('/^workerstart /', lc_lines($ev))) >= 3, 5);

$served = [];
for ($i = 0; $i < 6; $i++) {
    [$st, $body] = lc_get($srv->url('/'));
    if ($st !== 200) { echo "request $i: $st $body\n"; continue; }
    $served[] = $body;
}
$log = $srv->stop();
$lines = lc_lines($ev);

$byKind = [];
foreach ($lines as $i => $l) {
    $kind = strtok($l, ' ');
    $byKind[$kind][] = [$i, $l];
}
$kv = function (string $l): array {
    preg_match_all('/(\w+)=(\S+)/', $l, $m);
    return array_combine($m[1], $m[2]);
};

// Start: once, in the master, with the pids filled in.
$starts = $byKind['start'] ?? [];
echo "Start count: ", count($starts), "\n";
$s = $kv($starts[0][1] ?? '');
echo "Start in master: ", var_export(($s['pid'] ?? 0) == $master && ($s['master'] ?? 0) == $master, true), "\n";

// ManagerStart: once, in its own process, which is the manager the master knows.
$ms = $byKind['managerstart'] ?? [];
echo "ManagerStart count: ", count($ms), "\n";
$m = $kv($ms[0][1] ?? '');
$managerPid = (int)($m['pid'] ?? 0);
echo "ManagerStart in manager: ", var_export($managerPid > 0 && $managerPid != $master && $m['manager'] == $managerPid
    && $m['master'] == $master && ($s['manager'] ?? 0) == $managerPid, true), "\n";

// WorkerStart: once per worker id, each in its own process; properties set before the callback.
$ws = [];
$propsOk = true;
foreach ($byKind['workerstart'] ?? [] as [, $l]) {
    $w = $kv($l);
    $ws[(int)$w['id']][] = (int)$w['pid'];
    $propsOk = $propsOk && $w['prop'] === "{$w['id']}/{$w['pid']}";
}
ksort($ws);
echo "WorkerStart ids: ", implode(',', array_keys($ws)), "\n";
echo "WorkerStart once per id: ", var_export(array_map('count', $ws) === [1, 1, 1], true), "\n";
$wpids = array_map(fn($a) => $a[0], $ws);
echo "worker pids distinct, not master/manager: ", var_export(count(array_unique($wpids)) === 3
    && !in_array($master, $wpids) && !in_array($managerPid, $wpids), true), "\n";
echo "workerId/workerPid properties: ", var_export($propsOk, true), "\n";

// Every request was answered by one of those workers.
$ok = count($served) === 6;
foreach ($served as $b) {
    [$id, $pid] = explode(':', $b);
    $ok = $ok && isset($wpids[(int)$id]) && $wpids[(int)$id] === (int)$pid;
}
echo "requests served by the started workers: ", var_export($ok, true), "\n";

// WorkerStop: once per worker, in the same process that started.
$wstop = [];
foreach ($byKind['workerstop'] ?? [] as [, $l]) {
    $w = $kv($l);
    $wstop[(int)$w['id']][] = (int)$w['pid'];
}
ksort($wstop);
echo "WorkerStop ids: ", implode(',', array_keys($wstop)), "\n";
echo "WorkerStop in the same processes: ", var_export($wstop === array_map(fn($p) => [$p], $wpids), true), "\n";
echo "WorkerError count: ", count($byKind['workererror'] ?? []), "\n";

// Shutdown: once, in the master, after every WorkerStop; start() returns true after it.
$sd = $byKind['shutdown'] ?? [];
echo "Shutdown count: ", count($sd), "\n";
$lastStop = max(array_map(fn($x) => $x[0], $byKind['workerstop'] ?? [[PHP_INT_MAX]]));
echo "Shutdown in master after every WorkerStop: ", var_export(isset($sd[0]) && $kv($sd[0][1])['pid'] == $master && $sd[0][0] > $lastStop, true), "\n";
echo "last record: ", preg_replace('/ pid=\d+/', '', end($lines)), "\n";
echo "start() returned in master: ", var_export(str_ends_with(end($lines), " pid=$master"), true), "\n";
echo "script output: ", trim(implode("\n", preg_grep('/^start\(\) returned/', explode("\n", $log)))), "\n";
echo "processes left: ", count(lc_pgrep(basename($srv->script))), "\n";
?>
--EXPECT--
Start count: 1
Start in master: true
ManagerStart count: 1
ManagerStart in manager: true
WorkerStart ids: 0,1,2
WorkerStart once per id: true
worker pids distinct, not master/manager: true
workerId/workerPid properties: true
requests served by the started workers: true
WorkerStop ids: 0,1,2
WorkerStop in the same processes: true
WorkerError count: 0
Shutdown count: 1
Shutdown in master after every WorkerStop: true
last record: returned true
start() returned in master: true
script output: start() returned true
processes left: 0
