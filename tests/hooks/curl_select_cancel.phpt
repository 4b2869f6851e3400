--TEST--
Hooks: coroutines waiting in curl_exec() on a server that never answers, in curl_multi_select() and in stream_select() are cancelled when the worker stops: their finally and defer run and the worker stops at once (not after the 60 s timeouts), while meanwhile it kept serving other requests
--SKIPIF--
<?php require __DIR__ . '/curl.inc'; curl_hooks_skipif(['pgrep', 'kill']); ?>
--FILE--
<?php
require __DIR__ . '/curl.inc';

[$silent, $silent_port] = curl_silent_listener();
$ev = lc_tempfile('curlcancel');
$srv = new TridentTestServer(lc_define('EV', $ev) . lc_define('SILENT', $silent_port) . <<<'PHP'
function rec(string $l): void { file_put_contents($GLOBALS['EV'], "$l\n", FILE_APPEND | LOCK_EX); }
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('WorkerStop', function ($s, $id) { rec('worker stop'); });
$server->on('Request', function ($req, $res) {
    $what = $req->server['path_info'];
    if ($what === '/other') {
        $res->end('other');
        return;
    }
    Trident\go(function () use ($what) {
        $url = 'http://127.0.0.1:' . $GLOBALS['SILENT'] . '/';
        Trident\Coroutine::defer(function () use ($what) { rec("defer $what"); });
        try {
            rec("waiting $what");
            if ($what === '/exec') {
                $h = curl_init($url);
                curl_setopt_array($h, [CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 60]);
                curl_exec($h);
            } elseif ($what === '/multi') {
                $mh = curl_multi_init();
                curl_multi_add_handle($mh, curl_init($url));
                do {
                    curl_multi_exec($mh, $active);
                    curl_multi_select($mh, 60);
                } while ($active);
            } else {
                $c = stream_socket_client('tcp://127.0.0.1:' . $GLOBALS['SILENT'], $errno, $errstr, 5);
                $r = [$c]; $w = $e = null;
                stream_select($r, $w, $e, 60);
            }
            rec("never: $what returned");
        } finally {
            rec("finally $what");
        }
    });
    $res->end("ok $what");
});
$server->start();
PHP, null, [], ['curl']);

foreach (['/exec', '/multi', '/select'] as $path) {
    [$st, $body] = lc_get($srv->url($path));
    echo "$st $body\n";
}
lc_until(fn() => count(preg_grep('/^waiting /', lc_lines($ev))) === 3, 5);
usleep(200000);  // into their waits
$r = cs_parallel_get($srv->port, array_fill(0, 20, '/other'));
echo "others: ", cs_summary($r['res']), "\n";
$t0 = microtime(true);
echo "SIGTERM: ", var_export(lc_kill($srv->pid(), 'TERM'), true), "\n";
$gone = lc_until(fn() => !$srv->running(), 15);
echo "stopped within 3 s: ", var_export($gone && microtime(true) - $t0 < 3, true), sprintf(" (%.3f s)", microtime(true) - $t0), "\n";
$log = $srv->stop();
$lines = lc_lines($ev);
sort($lines);
echo implode("\n", $lines), "\n";
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECTF--
200 ok /exec
200 ok /multi
200 ok /select
others: 200 "other" x 20
SIGTERM: true
stopped within 3 s: true (%f s)
defer /exec
defer /multi
defer /select
finally /exec
finally /multi
finally /select
waiting /exec
waiting /multi
waiting /select
worker stop
log: ""
