--TEST--
HOOK_PROC: coroutines waiting in exec(), system(), passthru(), shell_exec(), a proc_open() pipe read and proc_close() for children that run 8 s are cancelled when the worker stops: their finally and defer run and the worker stops at once (not after the children); meanwhile the worker kept serving other requests
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['kill']); if (!is_executable('/bin/sh')) die('skip no /bin/sh'); ?>
--FILE--
<?php
require __DIR__ . '/../coroutine_server/cs.inc';

$ev = lc_tempfile('proccancel');
$srv = new TridentTestServer(lc_define('EV', $ev) . <<<'PHP'
function rec(string $l): void { file_put_contents($GLOBALS['EV'], "$l\n", FILE_APPEND | LOCK_EX); }
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('WorkerStop', function ($s, $id) { rec('worker stop'); });
$server->on('Request', function ($req, $res) {
    $what = substr($req->server['path_info'], 1);
    if ($what !== 'other') {
        Trident\go(function () use ($what) {
            Trident\Coroutine::defer(function () use ($what) { rec("defer $what"); });
            $cmd = 'sleep 8; echo late';
            try {
                rec("waiting $what");
                switch ($what) {
                    case 'exec': exec($cmd); break;
                    case 'system': system($cmd); break;
                    case 'passthru': passthru($cmd); break;
                    case 'shell_exec': shell_exec($cmd); break;
                    case 'pipe':
                        $p = proc_open($cmd, [1 => ['pipe', 'w']], $pipes);
                        fread($pipes[1], 10);
                        break;
                    case 'proc_close':
                        $p = proc_open($cmd, [], $pipes);
                        proc_close($p);
                        break;
                }
                rec("never: $what returned");
            } finally {
                rec("finally $what");
            }
        });
    }
    $res->end("ok $what");
});
$server->start();
PHP);

$kinds = ['exec', 'system', 'passthru', 'shell_exec', 'pipe', 'proc_close'];
foreach ($kinds as $k) {
    [$st, $body] = lc_get($srv->url("/$k"));
    echo "$st $body\n";
}
lc_until(fn() => count(preg_grep('/^waiting /', lc_lines($ev))) === count($kinds), 5);
$r = cs_parallel_get($srv->port, array_fill(0, 20, '/other'));
echo "others: ", json_encode(array_values(array_unique(array_map(fn($x) => [$x[0], $x[1]], $r['res']), SORT_REGULAR))), "\n";
$t0 = microtime(true);
echo "SIGTERM: ", var_export(lc_kill($srv->pid(), 'TERM'), true), "\n";
$gone = lc_until(fn() => !$srv->running(), 10);
echo "stopped within 4 s: ", var_export($gone && microtime(true) - $t0 < 4, true), "\n";
$log = $srv->stop();
$lines = lc_lines($ev);
sort($lines);
echo implode("\n", $lines), "\n";
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECT--
200 ok exec
200 ok system
200 ok passthru
200 ok shell_exec
200 ok pipe
200 ok proc_close
others: [[200,"ok other"]]
SIGTERM: true
stopped within 4 s: true
defer exec
defer passthru
defer pipe
defer proc_close
defer shell_exec
defer system
finally exec
finally passthru
finally pipe
finally proc_close
finally shell_exec
finally system
waiting exec
waiting passthru
waiting pipe
waiting proc_close
waiting shell_exec
waiting system
worker stop
log: ""
