--TEST--
Coroutine server: graceful shutdown (SIGTERM to the master) while 10 request coroutines sleep 0.5 s in one worker: all 10 complete with 200 before the worker stops, new connections are refused, every process exits
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep', 'kill']); ?>
--FILE--
<?php
require __DIR__ . '/cs.inc';

$ev = lc_tempfile('coshut');
$srv = new TridentTestServer(lc_define('EV', $ev) . <<<'PHP'
function rec(string $l): void { file_put_contents($GLOBALS['EV'], "$l\n", FILE_APPEND | LOCK_EX); }
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('WorkerStop', function ($s, $id) { rec('worker stop'); });
$server->on('Request', function ($req, $res) {
    $i = $req->get['i'] ?? '?';
    rec("sleeping $i");
    Trident\Coroutine::sleep(0.5);
    $ok = $res->end("done $i");
    rec("ended $i " . var_export($ok, true));
});
$r = $server->start();
echo "start() returned ", var_export($r, true), "\n";
PHP);

$master = $srv->pid();
$reqs = cs_parallel_start($srv->port, array_map(fn($i) => "/slow?i=$i", range(1, 10)));
$deadline = microtime(true) + 5;
while (count(preg_grep('/^sleeping /', lc_lines($ev))) < 10 && microtime(true) < $deadline) usleep(10000);
echo "sleeping in the worker: ", count(preg_grep('/^sleeping /', lc_lines($ev))), "\n";
$t0 = microtime(true);
echo "SIGTERM: ", var_export(lc_kill($master, 'TERM'), true), "\n";
// New connections are refused as soon as the master has handled the signal.
[$refused, $why] = lc_wait_refused($srv->port, 2);
echo "new connection after SIGTERM: ", $refused ? "refused ($why)" : $why, "\n";

$r = cs_parallel_finish($reqs, 10);
foreach ($r['res'] as $i => [$st, $body]) echo "request ", $i + 1, ": $st $body\n";
$gone = lc_until(fn() => !$srv->running(), 5);
echo "master exited: ", var_export((bool)$gone, true), "\n";
echo "every process gone: ", var_export(lc_all_gone($srv, 3), true), "\n";
echo "stopped within 3 s of the signal: ", var_export(microtime(true) - $t0 < 3, true), "\n";
$log = $srv->stop();
$lines = lc_lines($ev);
$ended = preg_grep('/^ended /', $lines);
echo "end() returned true 10 times: ", var_export(count(preg_grep('/ true$/', $ended)) === 10, true), "\n";
echo "WorkerStop after all of them: ", var_export(end($lines) === 'worker stop' && count(preg_grep('/^worker stop$/', $lines)) === 1, true), "\n";
echo trim(implode("\n", preg_grep('/^start\(\) returned/', explode("\n", $log)))), "\n";
echo "no forced kill: ", var_export(!str_contains($log, 'killing') && !str_contains($log, 'max_wait_time reached'), true), "\n";
?>
--EXPECT--
sleeping in the worker: 10
SIGTERM: true
new connection after SIGTERM: refused (Connection refused)
request 1: 200 done 1
request 2: 200 done 2
request 3: 200 done 3
request 4: 200 done 4
request 5: 200 done 5
request 6: 200 done 6
request 7: 200 done 7
request 8: 200 done 8
request 9: 200 done 9
request 10: 200 done 10
master exited: true
every process gone: true
stopped within 3 s of the signal: true
end() returned true 10 times: true
WorkerStop after all of them: true
start() returned true
no forced kill: true
