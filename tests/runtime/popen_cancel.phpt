--TEST--
HOOK_PROC: coroutines waiting in a popen() 'r' stream (fgets, fread, stream_get_contents), a popen() 'w' stream whose child does not read (fwrite of 1 MiB) and pclose() of children that run 8 s are cancelled when the worker stops: their finally and defer run and the worker stops at once (not after the children); meanwhile the worker kept serving other requests
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['kill']); if (!is_executable('/bin/sh')) die('skip no /bin/sh'); ?>
--FILE--
<?php
require __DIR__ . '/../coroutine_server/cs.inc';

$ev = lc_tempfile('popencancel');
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
                    case 'fgets': $p = popen($cmd, 'r'); fgets($p); break;
                    case 'fread': $p = popen($cmd, 'r'); fread($p, 10); break;
                    case 'contents': $p = popen($cmd, 'r'); stream_get_contents($p); break;
                    case 'fwrite': $p = popen('sleep 8', 'w'); fwrite($p, str_repeat('x', 1 << 20)); break;
                    case 'pclose': $p = popen('sleep 8', 'r'); pclose($p); break;
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

$kinds = ['fgets', 'fread', 'contents', 'fwrite', 'pclose'];
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
200 ok fgets
200 ok fread
200 ok contents
200 ok fwrite
200 ok pclose
others: [[200,"ok other"]]
SIGTERM: true
stopped within 4 s: true
defer contents
defer fgets
defer fread
defer fwrite
defer pclose
finally contents
finally fgets
finally fread
finally fwrite
finally pclose
waiting contents
waiting fgets
waiting fread
waiting fwrite
waiting pclose
worker stop
log: ""
