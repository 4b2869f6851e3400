--TEST--
Worker killed (SIGKILL) mid-request: that request gets 502, the other worker's slow request completes, WorkerError fires, the worker is respawned
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

$ev = lc_tempfile('kill');
// One reactor: least_loaded then sends /die to the worker that is not busy with /slow.
$srv = new TridentTestServer(lc_define('EV', $ev) . <<<'PHP'
function rec(string $line): void { file_put_contents($GLOBALS['EV'], $line . "\n", FILE_APPEND | LOCK_EX); }
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1]);
$server->on('WorkerError', function ($s, int $id, int $pid, int $code, int $sig) {
    rec("workererror id=$id pid=$pid sig=$sig in=" . getmypid() . " manager={$s->managerPid}");
});
$server->on('Request', function ($req, $res) use ($server) {
    switch ($req->server['path_info']) {
        case '/slow':
            rec("slow started");
            usleep(1200000);
            $res->end("slow done by {$server->workerId}:" . getmypid());
            return;
        case '/die':
            rec("die id={$server->workerId} pid=" . getmypid());
            exec('kill -9 ' . getmypid());
            usleep(5000000);
            $res->end('still alive?');
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

$before = lc_workers_up($srv, 2);
$pidsBefore = array_column($before['workers'] ?? [], 'pid');

$slow = lc_bg_get($srv->url('/slow'));
lc_wait_lines($ev, '/^slow started$/');   // /slow is now running on one worker
[$st, $body] = lc_get($srv->url('/die'));
echo "/die: $st ", trim($body), "\n";
[$sst, $sbody, $secs] = lc_wait($slow);
preg_match('/^slow done by (\d+):(\d+)$/', $sbody, $sm);
echo "/slow: $sst ", preg_replace('/\d+:\d+$/', 'W:PID', $sbody), "\n";

$died = [];
foreach (lc_lines($ev) as $l) if (preg_match('/^die id=(\d+) pid=(\d+)$/', $l, $m)) $died = [(int)$m[1], (int)$m[2]];
echo "killed worker was the other one: ", var_export($died && $sm && $died[0] !== (int)$sm[1] && $died[1] !== (int)$sm[2], true), "\n";
echo "killed pid was a worker: ", var_export($died && $pidsBefore[$died[0]] === $died[1], true), "\n";

// The manager respawns it: new pid, restart_count >= 1.
$after = lc_until(function () use ($srv, $died) {
    $s = lc_stats($srv);
    return ($s && $s['workers'][$died[0]]['pid'] > 0 && $s['workers'][$died[0]]['pid'] !== $died[1]
        && $s['workers'][$died[0]]['restart_count'] >= 1) ? $s : null;
}, 5);
echo "respawned with a new pid: ", var_export((bool)$after, true), "\n";
$w = $after['workers'][$died[0]] ?? [];
echo "restart_count: ", $w['restart_count'] ?? '?', "\n";
echo "other worker untouched: ", var_export($after && $after['workers'][1 - $died[0]]['pid'] === $pidsBefore[1 - $died[0]]
    && $after['workers'][1 - $died[0]]['restart_count'] === 0, true), "\n";
echo "worker_abnormal_exit_count: ", $after['worker_abnormal_exit_count'] ?? '?', "\n";
echo "worker_lost_request_count: ", $after['worker_lost_request_count'] ?? '?', "\n";

// WorkerError: in the manager, with the worker id, its pid and signal 9.
$errs = preg_grep('/^workererror /', lc_lines($ev));
echo "WorkerError count: ", count($errs), "\n";
$e = reset($errs);
echo "WorkerError: ", var_export($e && preg_match('/^workererror id=(\d+) pid=(\d+) sig=(\d+) in=(\d+) manager=(\d+)$/', $e, $em)
    && (int)$em[1] === $died[0] && (int)$em[2] === $died[1] && $em[4] === $em[5], true), " sig=", $em[3] ?? '?', "\n";

// Every later request succeeds, on the live workers only.
$codes = [];
$pids = [];
for ($i = 0; $i < 20; $i++) {
    [$st, $b] = lc_get($srv->url('/'));
    $codes[$st] = ($codes[$st] ?? 0) + 1;
    $pids[(int)explode(':', $b)[1]] = true;
}
ksort($codes);
echo "later requests: ", json_encode($codes), "\n";
$live = array_column($after['workers'] ?? [], 'pid');
echo "served by the new and the surviving worker: ", var_export(array_keys($pids) == [] ? false : !array_diff(array_keys($pids), $live) && !isset($pids[$died[1]]), true), "\n";
$log = $srv->stop();
echo "log mentions the lost worker: ", var_export(str_contains($log, "worker #{$died[0]} (pid {$died[1]}) killed by signal 9"), true), "\n";
?>
--EXPECT--
/die: 502 Bad Gateway
/slow: 200 slow done by W:PID
killed worker was the other one: true
killed pid was a worker: true
respawned with a new pid: true
restart_count: 1
other worker untouched: true
worker_abnormal_exit_count: 1
worker_lost_request_count: 1
WorkerError count: 1
WorkerError: true sig=9
later requests: {"200":20}
served by the new and the surviving worker: true
log mentions the lost worker: true
