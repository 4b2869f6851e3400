--TEST--
$server->shutdown() from a handler: returns true, that response is delivered, WorkerStop and Shutdown run, start() returns true, every process exits
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

$ev = lc_tempfile('shutdownapi');
$srv = new TridentTestServer(lc_define('EV', $ev) . <<<'PHP'
function rec(string $line): void { file_put_contents($GLOBALS['EV'], $line . "\n", FILE_APPEND | LOCK_EX); }
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2]);
$server->on('WorkerStop', function ($s, int $id) { rec("workerstop $id"); });
$server->on('Shutdown', function ($s) { rec("shutdown"); });
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['path_info'] === '/shutdown') {
        $r = $server->shutdown();
        $res->end("shutdown() returned " . var_export($r, true));
        return;
    }
    $res->end("ok");
});
$r = $server->start();
rec("start() returned " . var_export($r, true));
PHP);

[$st, $body] = lc_get($srv->url('/'));
echo "before: $st $body\n";
$t0 = microtime(true);
[$st, $body] = lc_get($srv->url('/shutdown'));
echo "/shutdown: $st $body\n";
echo "master exited: ", var_export((bool)lc_until(fn() => !$srv->running(), 5), true), "\n";
echo "every process gone: ", var_export(lc_all_gone($srv, 3), true), "\n";
echo "within 4 s: ", var_export(microtime(true) - $t0 < 4, true), "\n";
[$st, $body] = lc_get($srv->url('/'), [], 2);
echo "after: ", $st === 0 && str_contains($body, 'curl exit 7') ? 'connection refused' : "$st $body", "\n";
$srv->stop();
$lines = lc_lines($ev);
$stops = preg_grep('/^workerstop/', $lines);
sort($stops);
echo implode("\n", $stops), "\n", implode("\n", array_slice($lines, -2)), "\n";
?>
--EXPECT--
before: 200 ok
/shutdown: 200 shutdown() returned true
master exited: true
every process gone: true
within 4 s: true
after: connection refused
workerstop 0
workerstop 1
shutdown
start() returned true
