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
            $res->end((string)$GLOBALS['COUNT']);
    }
});
$server->start();
PHP);

[$st, $c1] = lc_get($srv->url('/count'));
echo "first read: $st\n";
usleep(600000);
[$st, $c2] = lc_get($srv->url('/count'));
$d = (int)$c2 - (int)$c1;
// 0.6 s (plus a curl start-up) at one tick per 50 ms is 12 or 13 ticks; leave room for a loaded machine.
echo "second read: $st, ticks in 0.6 s between 8 and 18: ", var_export($d >= 8 && $d <= 18, true), " ($c1 -> $c2)\n";
[$st, $body] = lc_get($srv->url('/after'));
echo "Timer::after from WorkerStart: $st $body\n";
[$st, $body] = lc_get($srv->url('/clear'));
echo "clear (twice): $st $body\n";
[, $c3] = lc_get($srv->url('/count'));
usleep(300000);
[$st, $c4] = lc_get($srv->url('/count'));
echo "after clear the counter stands still: $st ", var_export($c3 === $c4, true), " ($c3 -> $c4)\n";
$log = $srv->stop();
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECTF--
first read: 200
second read: 200, ticks in 0.6 s between 8 and 18: true (%d -> %d)
Timer::after from WorkerStart: 200 fired
clear (twice): 200 [true,false]
after clear the counter stands still: 200 true (%d -> %d)
log: ""
