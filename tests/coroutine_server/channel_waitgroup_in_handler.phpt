--TEST--
Coroutine server: a handler starts 3 coroutines with go() that sleep and push to a Channel, waits with a WaitGroup, and answers with the values in order of completion; the sleeps overlap (about 0.5 s, not 0.95 s or 1.5 s)
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/cs.inc';

$srv = new TridentTestServer(<<<'PHP'
use Trident\Coroutine;
use Trident\Coroutine\Channel;
use Trident\Coroutine\WaitGroup;
use function Trident\go;

$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    // /equal: each child sleeps 0.5 s (1.5 s one after the other); /staggered: a 0.5 s,
    // b 0.15 s, c 0.3 s (0.95 s one after the other).
    $sleeps = $req->server['path_info'] === '/staggered'
        ? ['a' => 0.5, 'b' => 0.15, 'c' => 0.3]
        : ['a' => 0.5, 'b' => 0.5, 'c' => 0.5];
    $t0 = microtime(true);
    $me = Coroutine::getCid();
    $ch = new Channel(3);
    $wg = new WaitGroup();
    $parents = [];
    foreach ($sleeps as $name => $s) {
        $wg->add();
        go(function () use ($ch, $wg, $name, $s, $me, &$parents) {
            $parents[] = Coroutine::getPcid() === $me;
            Coroutine::sleep($s);
            $ch->push($name);
            $wg->done();
        });
    }
    $ok = $wg->wait(2);
    $ms = (int)round((microtime(true) - $t0) * 1000);
    $vals = [];
    while (!$ch->isEmpty()) $vals[] = $ch->pop();
    $res->end(json_encode(['waited' => $ok, 'values' => $vals, 'children_of_handler' => $parents === [true, true, true],
        'ms_500_to_899' => $ms >= 500 && $ms < 900, 'ms' => $ms]));
});
$server->start();
PHP);

foreach (['/staggered', '/equal'] as $path) {
    $t0 = microtime(true);
    [$st, $body] = lc_get($srv->url($path));
    $wall = microtime(true) - $t0;
    $j = json_decode($body, true);
    if ($path === '/equal') sort($j['values']);   // equal sleeps: any order, all three
    $ms = $j['ms'] ?? '?';
    unset($j['ms']);
    echo "$path: $st ", json_encode($j), " (handler $ms ms)\n";
    echo "$path client time < 1.2 s: ", var_export($wall < 1.2, true), sprintf(" (%.3f s)", $wall), "\n";
}
// Five such requests at once on the single worker: all overlap too (one after the other,
// even with overlapping children, they would take 2.5 s).
$r = cs_parallel_get($srv->port, array_fill(0, 5, '/staggered'));
$bodies = array_map(fn($x) => [$x[0], json_decode($x[1], true)['values'] ?? $x[1]], $r['res']);
echo "5 concurrent: ", json_encode(array_values(array_unique($bodies, SORT_REGULAR))), "\n";
echo "5 concurrent wall < 1.2 s: ", var_export($r['wall'] < 1.2, true), sprintf(" (%.3f s)", $r['wall']), "\n";
$log = $srv->stop();
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECTF--
/staggered: 200 {"waited":true,"values":["b","c","a"],"children_of_handler":true,"ms_500_to_899":true} (handler %d ms)
/staggered client time < 1.2 s: true (%f s)
/equal: 200 {"waited":true,"values":["a","b","c"],"children_of_handler":true,"ms_500_to_899":true} (handler %d ms)
/equal client time < 1.2 s: true (%f s)
5 concurrent: [[200,["b","c","a"]]]
5 concurrent wall < 1.2 s: true (%f s)
log: ""
