--TEST--
Coroutine server: Trident\Timer::tick() started in WorkerStart keeps running in the worker; a handler reads the counter it increments, and can clear the timer
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/cs.inc';

$srv = new TridentTestServer(<<<'PHP'
use Trident\Timer;

$COUNT = 0;
$TIMER = 0;
$AFTER = 'not yet';
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('WorkerStart', function ($s, int $id) {
    $GLOBALS['TIMER'] = Timer::tick(50, function (int $timerId, string $tag) {
        if ($timerId === $GLOBALS['TIMER'] && $tag === 'ctr') $GLOBALS['COUNT']++;
    }, 'ctr');
    Timer::after(100, function () { $GLOBALS['AFTER'] = 'fired'; });
});
$server->on('Request', function ($req, $res) {
    switch ($req->server['path_info']) {
        case '/clear':
            $res->end(json_encode([Timer::clear($GLOBALS['TIMER']), Timer::clear($GLOBALS['TIMER'])]));
            return;
        case '/after':
            $res->end($GLOBALS['AFTER']);
            return;
        default:
            $res->end($GLOBALS['COUNT'] . ' ' . microtime(true));
    }
});
$server->start();
PHP);

[$st, $r1] = lc_get($srv->url('/count'));
echo "first read: $st\n";
usleep(600000);
[$st, $r2] = lc_get($srv->url('/count'));
[$c1, $t1] = explode(' ', $r1) + [1 => 0];
[$c2, $t2] = explode(' ', $r2) + [1 => 0];
$d = (int)$c2 - (int)$c1;
// One tick per 50 ms of the time that passed in the worker between the reads (at least 0.6 s):
// no more than that (plus the ones due at either end), and at least half of it, as a loaded
// machine may run a timer late (a tick that stopped, or ran every 100 ms, would show).
$due = ((float)$t2 - (float)$t1) / 0.05;
echo "second read: $st, ticks match one per 50 ms: ", var_export($due >= 12 && $d >= $due / 2 && $d <= $due + 2, true),
    sprintf(" (%d ticks in %.3f s)", $d, (float)$t2 - (float)$t1), "\n";
[$st, $body] = lc_get($srv->url('/after'));
echo "Timer::after from WorkerStart: $st $body\n";
[$st, $body] = lc_get($srv->url('/clear'));
echo "clear (twice): $st $body\n";
[, $c3] = lc_get($srv->url('/count'));
usleep(300000);
[$st, $c4] = lc_get($srv->url('/count'));
$c3 = strtok($c3, ' ');
$c4 = strtok($c4, ' ');
echo "after clear the counter stands still: $st ", var_export($c3 === $c4, true), " ($c3 -> $c4)\n";
$log = $srv->stop();
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECTF--
first read: 200
second read: 200, ticks match one per 50 ms: true (%d ticks in %f s)
Timer::after from WorkerStart: 200 fired
clear (twice): 200 [true,false]
after clear the counter stands still: 200 true (%d -> %d)
log: ""
