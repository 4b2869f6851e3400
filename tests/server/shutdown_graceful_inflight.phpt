--TEST--
Graceful shutdown (SIGTERM to the master) with 5 requests in flight: all complete with 200, new connections are refused, every process exits
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep', 'kill']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

$mark = lc_tempfile('inflight');
$srv = new TridentTestServer(lc_define('MARK', $mark) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 5, 'reactor_num' => 2]);
$server->on('Request', function ($req, $res) {
    file_put_contents($GLOBALS['MARK'], "in handler {$req->get['i']}\n", FILE_APPEND | LOCK_EX);
    usleep(500000);
    $res->end("done " . ($req->get['i'] ?? '?'));
});
$r = $server->start();
echo "start() returned ", var_export($r, true), "\n";
PHP);

$master = $srv->pid();
// master + manager + 5 workers, once all are forked.
$before = lc_until(fn() => count($p = lc_pgrep(basename($srv->script))) >= 7 ? $p : null, 10) ?: lc_pgrep(basename($srv->script));
echo "processes before: ", count($before), "\n";

$reqs = [];
for ($i = 1; $i <= 5; $i++) $reqs[$i] = lc_bg_get($srv->url("/slow?i=$i"));
echo "all five in their handlers: ", count(lc_wait_lines($mark, '/^in handler \d$/', 5)), "\n";
$t0 = microtime(true);
echo "SIGTERM: ", var_export(lc_kill($master, 'TERM'), true), "\n";

// After the signal: new connections are refused (as soon as the master has handled it), not
// accepted and left hanging.
[$refused, $why] = lc_wait_refused($srv->port, 2);
echo "new connection after SIGTERM: ", $refused ? "refused ($why)" : $why, "\n";

foreach ($reqs as $i => $h) {
    [$st, $body] = lc_wait($h);
    echo "request $i: $st $body\n";
}
$gone = lc_until(fn() => !$srv->running(), 5);
echo "master exited: ", var_export((bool)$gone, true), "\n";
echo "every process gone: ", var_export(lc_all_gone($srv, 3), true), "\n";
echo "stopped within 4 s of the signal: ", var_export(microtime(true) - $t0 < 4, true), "\n";
$log = $srv->stop();
echo trim(implode("\n", preg_grep('/^start\(\) returned/', explode("\n", $log)))), "\n";
echo "no forced kill: ", var_export(!str_contains($log, 'killing') && !str_contains($log, 'max_wait_time reached'), true), "\n";
?>
--EXPECT--
processes before: 7
all five in their handlers: 5
SIGTERM: true
new connection after SIGTERM: refused (Connection refused)
request 1: 200 done 1
request 2: 200 done 2
request 3: 200 done 3
request 4: 200 done 4
request 5: 200 done 5
master exited: true
every process gone: true
stopped within 4 s of the signal: true
start() returned true
no forced kill: true
