--TEST--
Coroutine server: a fatal error (E_USER_ERROR) after Coroutine::sleep() answers that request 502 and replaces its worker (restart_count goes up); requests sleeping on the other worker complete with 200, requests in flight on the dying worker get 502
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/cs.inc';

$ev = lc_tempfile('cofatal');
$srv = new TridentTestServer(lc_define('EV', $ev) . <<<'PHP'
use Trident\Coroutine;

function rec(string $l): void { file_put_contents($GLOBALS['EV'], "$l\n", FILE_APPEND | LOCK_EX); }
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'dispatch_mode' => Trident\Http\Server::DISPATCH_ROUND_ROBIN]);
$server->on('Request', function ($req, $res) use ($server) {
    $me = $server->workerId . ' ' . getmypid();
    switch ($req->server['path_info']) {
        case '/slow':
            rec("slow {$req->get['i']} $me");
            Coroutine::sleep(2.0);   // still sleeping when /fatal ends its worker
            $res->end("slow {$req->get['i']} $me");
            return;
        case '/fatal':
            rec("fatal $me");
            Coroutine::sleep(0.1);
            trigger_error('fatal-after-sleep-marker-9127', E_USER_ERROR);
            $res->end('unreachable');
            return;
        case '/stats':
            $res->end(json_encode($server->stats()));
            return;
        default:
            $res->end($me);
    }
});
$server->start();
PHP);

// Both workers' pids (round robin: two requests reach both).
$pids = [];
foreach (lc_get_many([$srv->url('/pid'), $srv->url('/pid'), $srv->url('/pid'), $srv->url('/pid')]) as [$st, $body]) {
    [$w, $p] = explode(' ', $body);
    $pids[(int)$w] = (int)$p;
}
ksort($pids);
echo "both workers seen: ", json_encode(array_keys($pids)), "\n";

// Six slow requests (three per worker), then, once all six sleep, the fatal one.
$slow = cs_parallel_start($srv->port, array_map(fn($i) => "/slow?i=$i", range(0, 5)));
$deadline = microtime(true) + 5;
while (count(preg_grep('/^slow /', lc_lines($ev))) < 6 && microtime(true) < $deadline) usleep(10000);
$where = [];
foreach (preg_grep('/^slow /', lc_lines($ev)) as $l) { [, $i, $w] = explode(' ', $l); $where[(int)$i] = (int)$w; }
$perWorker = array_count_values($where);
ksort($perWorker);
echo "slow requests sleeping: ", count($where), ", per worker: ", json_encode($perWorker), "\n";
$fatal = cs_parallel_get($srv->port, ['/fatal'])['res'][0];
$fl = array_values(preg_grep('/^fatal /', lc_lines($ev)));
[, $fw, $fpid] = explode(' ', $fl[0] ?? 'fatal -1 -1');
$fw = (int)$fw;
echo "/fatal: $fatal[0], ran on a known worker: ", var_export(isset($pids[$fw]) && (int)$fpid === $pids[$fw], true), "\n";
$other = 1 - $fw;

$res = cs_parallel_finish($slow)['res'];
$byWorker = [$fw => [], $other => []];
foreach ($res as $i => [$st, $body]) {
    $ok = $st === 200 && $body === "slow $i $other {$pids[$other]}";
    $byWorker[$where[$i] ?? -1][] = $ok ? '200 ok' : ($st === 200 ? "200 $body" : (string)$st);
}
echo "slow on the other worker: ", implode(', ', $byWorker[$other]), "\n";
echo "slow on the fatal worker: ", implode(', ', $byWorker[$fw]), "\n";

// A new worker takes the dead one's place; both serve again.
$s = lc_until(function () use ($srv) {
    $s = lc_stats($srv);
    return ($s && array_sum(array_column($s['workers'], 'restart_count')) >= 1) ? $s : null;
}, 5);
echo "restart_count: fatal worker ", $s['workers'][$fw]['restart_count'] ?? '?', ", other worker ", $s['workers'][$other]['restart_count'] ?? '?', "\n";
echo "worker_abnormal_exit_count: ", $s['worker_abnormal_exit_count'] ?? '?', ", worker_lost_request_count: ", $s['worker_lost_request_count'] ?? '?', "\n";
// Until the replacement is up the other worker serves everything; wait for it.
$replaced = lc_until(function () use ($srv, $fw, $pids) {
    [$st, $body] = lc_get($srv->url('/pid'));
    [$w, $p] = explode(' ', $body) + [1 => 0];
    return $st === 200 && (int)$w === $fw && (int)$p !== $pids[$fw];
}, 5);
echo "replacement worker serves: ", var_export($replaced, true), "\n";
$after = [];
foreach (lc_get_many(array_fill(0, 4, $srv->url('/pid'))) as [$st, $body]) {
    [$w, $p] = explode(' ', $body) + [1 => 0];
    $after[] = "$st " . ((int)$w === $fw ? ((int)$p !== $pids[$fw] ? 'new pid' : 'OLD pid') : ((int)$p === $pids[$other] ? 'same pid' : 'CHANGED pid'));
}
sort($after);
echo "later requests: ", implode(', ', $after), "\n";
$log = $srv->stop();
echo "log has the fatal error: ", var_export(str_contains($log, 'fatal-after-sleep-marker-9127'), true), "\n";
?>
--EXPECT--
both workers seen: [0,1]
slow requests sleeping: 6, per worker: [3,3]
/fatal: 502, ran on a known worker: true
slow on the other worker: 200 ok, 200 ok, 200 ok
slow on the fatal worker: 502, 502, 502
restart_count: fatal worker 1, other worker 0
worker_abnormal_exit_count: 1, worker_lost_request_count: 4
replacement worker serves: true
later requests: 200 new pid, 200 new pid, 200 same pid, 200 same pid
log has the fatal error: true
