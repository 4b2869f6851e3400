--TEST--
Hooks: coroutines waiting in a hooked fread() on a silent server, and in fwrite() to a full socket, are cancelled when the worker stops: their finally and defer run, the worker stops at once (not after the 60 s socket timeout), and meanwhile the worker kept serving other requests on the same fd numbers
--SKIPIF--
<?php require __DIR__ . '/hooks.inc'; hooks_skipif(['pgrep', 'kill']); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';

// A server that accepts nothing: connections complete in its backlog, no byte ever comes.
$silent = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$silent_port = (int)substr(strrchr(stream_socket_get_name($silent, false), ':'), 1);
$ev = lc_tempfile('hookcancel');
$srv = new TridentTestServer(lc_define('EV', $ev) . lc_define('SILENT', $silent_port) . <<<'PHP'
function rec(string $l): void { file_put_contents($GLOBALS['EV'], "$l\n", FILE_APPEND | LOCK_EX); }
Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_TCP);
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('WorkerStop', function ($s, $id) { rec('worker stop'); });
$server->on('Request', function ($req, $res) {
    $what = $req->server['path_info'];
    if ($what === '/read' || $what === '/write') {
        Trident\go(function () use ($what) {
            $c = stream_socket_client('tcp://127.0.0.1:' . $GLOBALS['SILENT'], $errno, $errstr, 5);
            Trident\Coroutine::defer(function () use ($what) { rec("defer $what"); });
            try {
                rec("waiting $what");
                if ($what === '/read') {
                    fread($c, 10);
                } else {
                    $chunk = str_repeat('x', 1 << 20);
                    for ($i = 0; $i < 64; $i++) fwrite($c, $chunk);   // the peer never reads
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

[$st, $body] = lc_get($srv->url('/read'));
echo "$st $body\n";
[$st, $body] = lc_get($srv->url('/write'));
echo "$st $body\n";
lc_until(fn() => count(preg_grep('/^waiting /', lc_lines($ev))) === 2, 5);
// Plenty of other requests while those two wait (new sockets, reused numbers).
$r = cs_parallel_get($srv->port, array_fill(0, 20, '/other'));
echo "others: ", json_encode(array_values(array_unique(array_map(fn($x) => [$x[0], $x[1]], $r['res']), SORT_REGULAR))), "\n";
$t0 = microtime(true);
echo "SIGTERM: ", var_export(lc_kill($srv->pid(), 'TERM'), true), "\n";
$gone = lc_until(fn() => !$srv->running(), 10);
echo "stopped within 3 s: ", var_export($gone && microtime(true) - $t0 < 3, true), "\n";
$log = $srv->stop();
$lines = lc_lines($ev);
sort($lines);
echo implode("\n", $lines), "\n";
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECT--
200 ok /read
200 ok /write
others: [[200,"ok \/other"]]
SIGTERM: true
stopped within 3 s: true
defer /read
defer /write
finally /read
finally /write
waiting /read
waiting /write
worker stop
log: ""
