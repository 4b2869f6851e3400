--TEST--
Coroutine server: userland Fibers inside a handler work together with Coroutine::sleep() (sleeping inside a Fiber and between its suspend/resume), also with 10 such requests interleaved on one worker
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/cs.inc';

$srv = new TridentTestServer(<<<'PHP'
use Trident\Coroutine;

$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $n = (int)($req->get['n'] ?? 1);
    $t0 = microtime(true);
    $steps = [];
    $outsideFiber = Fiber::getCurrent() === null;   // the request coroutine is not a Fiber
    $f = new Fiber(function (int $x) use (&$steps, $n) {
        $steps[] = 'start';
        $y = Fiber::suspend($x * 2);
        $steps[] = 'resumed with ' . $y;
        Coroutine::sleep(0.05);              // suspends the coroutine, Fiber and all
        $steps[] = 'slept in fiber, current fiber kept: ' . var_export(Fiber::getCurrent() !== null, true);
        $z = Fiber::suspend($y + $n);
        return $z * 10;
    });
    $a = $f->start($n);
    Coroutine::sleep(0.05);                  // the Fiber stays suspended across this sleep
    $b = $f->resume(100 + $n);
    $steps[] = 'fiber suspended: ' . var_export($f->isSuspended(), true);
    Coroutine::sleep(0.05);
    $f->resume($n + 1);
    $ms = (microtime(true) - $t0) * 1000;
    $res->end(json_encode(['a' => $a, 'b' => $b, 'ret' => $f->getReturn(), 'terminated' => $f->isTerminated(),
        'outside' => $outsideFiber, 'steps' => $steps, 'ms_150_to_299' => $ms >= 150 && $ms < 300]));
});
$server->start();
PHP);

[$st, $body] = lc_get($srv->url('/?n=3'));
echo "one request: $st $body\n";

// Ten at once: each has its own Fiber, interleaved with the others' sleeps in one worker.
$paths = array_map(fn($n) => "/?n=$n", range(1, 10));
$r = cs_parallel_get($srv->port, $paths);
$bad = 0;
foreach ($r['res'] as $i => [$st, $body]) {
    $n = $i + 1;
    $j = json_decode($body, true);
    $want = ['a' => 2 * $n, 'b' => 100 + 2 * $n, 'ret' => ($n + 1) * 10];
    if ($st !== 200 || array_intersect_key($j ?? [], $want) != $want || !($j['ms_150_to_299'] ?? false)) { $bad++; echo "request $n: $st $body\n"; }
}
echo "10 concurrent: ", 10 - $bad, " right\n";
// Serially 10 x 0.15 s = 1.5 s.
echo "overlapped (< 0.4 s): ", var_export($r['wall'] < 0.4, true), sprintf(" (%.3f s)", $r['wall']), "\n";
$log = $srv->stop();
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECTF--
one request: 200 {"a":6,"b":106,"ret":40,"terminated":true,"outside":true,"steps":["start","resumed with 103","slept in fiber, current fiber kept: true","fiber suspended: true"],"ms_150_to_299":true}
10 concurrent: 10 right
overlapped (< 0.4 s): true (%f s)
log: ""
