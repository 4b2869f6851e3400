--TEST--
Coroutine server: graceful shutdown does not wait for a Timer::tick or for a coroutine a handler left sleeping for 30 s: the in-flight request completes, then the worker stops at once and the leftover coroutine's finally and defer run
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep', 'kill']); ?>
--FILE--
<?php
require __DIR__ . '/cs.inc';

$ev = lc_tempfile('cobg');
$mark = lc_tempfile('cobgslow');   // the /slow handler runs: the signal may come
$srv = new TridentTestServer(lc_define('EV', $ev) . lc_define('MARK', $mark) . <<<'PHP'
use Trident\Coroutine;
function rec(string $l): void { file_put_contents($GLOBALS['EV'], "$l\n", FILE_APPEND | LOCK_EX); }
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'max_wait_time' => 5]);
$server->on('WorkerStart', function ($s, $id) { Trident\Timer::tick(20, function () {}); });
$server->on('WorkerStop', function ($s, $id) { rec('worker stop'); });
$server->on('Request', function ($req, $res) {
    if ($req->server['path_info'] === '/background') {
        Trident\go(function () {
            Coroutine::defer(fn() => rec('background defer'));
            try {
                rec('background sleeping');
                Coroutine::sleep(30);
                rec('background woke up');
            } finally {
                rec('background finally');
            }
        });
        $res->end('started');
        return;
    }
    file_put_contents($GLOBALS['MARK'], "slow sleeping\n");
    Coroutine::sleep(0.5);
    $res->end('slow done');
});
$server->start();
PHP);

[$st, $body] = lc_get($srv->url('/background'));
echo "/background: $st $body\n";
$slow = cs_parallel_start($srv->port, ['/slow']);
lc_wait_lines($mark, '/^slow sleeping$/');
$t0 = microtime(true);
echo "SIGTERM: ", var_export(lc_kill($srv->pid(), 'TERM'), true), "\n";
[$st, $body] = cs_parallel_finish($slow, 10)['res'][0];
echo "in-flight request: $st $body\n";
$gone = lc_until(fn() => !$srv->running(), 8);
$t = microtime(true) - $t0;
echo "master exited: ", var_export((bool)$gone, true), "\n";
echo "within 4 s of the signal (not max_wait_time 5 s, not 30 s): ", var_export($t < 4, true), sprintf(" (%.2f s)", $t), "\n";
$log = $srv->stop();
echo "events: ", implode(', ', lc_lines($ev)), "\n";
echo "no forced exit: ", var_export(!str_contains($log, 'max_wait_time reached'), true), "\n";
?>
--EXPECTF--
/background: 200 started
SIGTERM: true
in-flight request: 200 slow done
master exited: true
within 4 s of the signal (not max_wait_time 5 s, not 30 s): true (%f s)
events: background sleeping, worker stop, background finally, background defer
no forced exit: true
