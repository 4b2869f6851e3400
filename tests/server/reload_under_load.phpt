--TEST--
Reload (SIGUSR1 to the master) under load: in-flight slow requests complete with 200, worker pids change, a 400-request burst across the reload gets 200 for every request
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep', 'kill']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

// Two slow requests keep two of the three workers busy across the reload; the third serves
// the start of the burst. Handlers record when they run, so that the test signals the reload
// once both slow ones are in flight and the burst is being served by an old worker.
$mark = lc_tempfile('reload');
$srv = new TridentTestServer(lc_define('MARK', $mark) . <<<'PHP'
function rec(string $l): void { file_put_contents($GLOBALS['MARK'], "$l\n", FILE_APPEND | LOCK_EX); }
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 3, 'reactor_num' => 2]);
$server->on('Request', function ($req, $res) use ($server) {
    switch ($req->server['path_info']) {
        case '/slow':
            rec("slow " . getmypid());
            usleep(2000000);
            $res->end("slow " . getmypid());
            return;
        case '/burst':
            rec("burst " . getmypid());
            usleep(5000);
            $res->end("b" . getmypid());
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

$old = array_column(lc_workers_up($srv, 3)['workers'] ?? [], 'pid');
sort($old);

$slow = [lc_bg_get($srv->url('/slow')), lc_bg_get($srv->url('/slow'))];
lc_wait_lines($mark, '/^slow /', 2);
// 400 requests, 4 connections at a time, new connections and keep-alive mixed.
$burst = lc_bg_curl(['-Z', '--parallel-max', '4', '-w', "|%{http_code}\n",
    $srv->url('/burst?n=[1-400]')], 60);
lc_wait_lines($mark, '/^burst /', 3);
echo "SIGUSR1: ", var_export(lc_kill($srv->pid(), 'USR1'), true), "\n";

foreach ($slow as $i => $h) {
    [$st, $body] = lc_wait($h);
    echo "slow $i: $st ", var_export(preg_match('/^slow (\d+)$/', $body, $m) && in_array((int)$m[1], $old, true), true)
        ? "served by an old worker" : "[$body]", "\n";
}
[$code, $out, $err] = lc_wait_raw($burst, 60);
$lines = explode("\n", rtrim($out, "\n"));
$statuses = [];
$burstPids = [];
foreach ($lines as $l) {
    [$b, $s] = explode('|', $l) + [1 => 'none'];
    $statuses[$s] = ($statuses[$s] ?? 0) + 1;
    if (preg_match('/^b(\d+)$/', $b, $m)) $burstPids[(int)$m[1]] = true;
}
echo "burst: curl exit $code, ", json_encode($statuses), "\n";

$new = lc_until(function () use ($srv, $old) {
    $p = array_column(lc_stats($srv)['workers'] ?? [], 'pid');
    return (count($p) === 3 && !array_intersect($p, $old) && min($p) > 0) ? $p : null;
}, 5);
echo "all worker pids changed: ", var_export((bool)$new, true), "\n";
echo "burst served by old and new workers: ", var_export($new && array_intersect(array_keys($burstPids), $old)
    && array_intersect(array_keys($burstPids), $new) && !array_diff(array_keys($burstPids), $old, $new), true), "\n";
echo "old workers exited: ", var_export(lc_until(function () use ($old) {
    foreach ($old as $p) if (file_exists("/proc/$p") && !str_contains((string)@file_get_contents("/proc/$p/stat"), ') Z ')) return false;
    return true;
}, 5), true), "\n";
$res = lc_get_many(array_fill(0, 6, $srv->url('/pid')));
echo "after the reload: ", implode(' ', array_column($res, 0)), ", served by new workers: ",
    var_export($new && !array_diff(array_map('intval', array_column($res, 1)), $new), true), "\n";
$s = lc_stats($srv);
echo "worker_abnormal_exit_count: {$s['worker_abnormal_exit_count']}, worker_lost_request_count: {$s['worker_lost_request_count']}\n";
$srv->stop();
?>
--EXPECT--
SIGUSR1: true
slow 0: 200 served by an old worker
slow 1: 200 served by an old worker
burst: curl exit 0, {"200":400}
all worker pids changed: true
burst served by old and new workers: true
old workers exited: true
after the reload: 200 200 200 200 200 200, served by new workers: true
worker_abnormal_exit_count: 0, worker_lost_request_count: 0
