--TEST--
Coroutine server: max_coroutine => 5 with 20 concurrent requests that sleep 1 s: 5 get 200, 15 get 503 at once, never more than 5 coroutines live; the server keeps serving afterwards
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/cs.inc';

$srv = new TridentTestServer(<<<'PHP'
use Trident\Coroutine;

$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'max_coroutine' => 5]);
$server->on('Request', function ($req, $res) {
    if ($req->server['path_info'] === '/costats') {
        $s = Coroutine::stats();
        $res->end(json_encode(['max_coroutine' => $s['max_coroutine'], 'peak' => $s['coroutine_peak_num'], 'live' => $s['coroutine_num']]));
        return;
    }
    Coroutine::sleep(1.0);
    $res->end('slept');
});
$server->start();
PHP);

[$st, $body] = lc_get($srv->url('/costats'));
echo "before: $st $body\n";
$r = cs_parallel_get($srv->port, array_fill(0, 20, '/slow'));
echo "20 concurrent: ", cs_summary($r['res']), "\n";
$fast503 = array_filter($r['res'], fn($x) => $x[0] === 503);
// At once: not after a place frees up (1 s, the sleep).
echo "the 503s come at once (< 0.7 s): ", var_export($fast503 && max(array_column($fast503, 2)) < 0.7, true), "\n";
[$st, $body] = lc_get($srv->url('/costats'));
echo "after: $st $body\n";
// The places are free again: 5 at once all succeed, and so do later ones.
$r = cs_parallel_get($srv->port, array_fill(0, 5, '/slow'));
echo "5 concurrent afterwards: ", cs_summary($r['res']), "\n";
$res = lc_get_many(array_fill(0, 3, $srv->url('/slow')));
echo "3 sequential afterwards: ", implode(' ', array_map(fn($x) => "$x[0] $x[1]", $res)), "\n";
$log = $srv->stop();
echo "log: 503s logged: ", substr_count($log, 'max_coroutine (5) reached'), "\n";
?>
--EXPECT--
before: 200 {"max_coroutine":5,"peak":1,"live":1}
20 concurrent: 200 "slept" x 5, 503 "" x 15
the 503s come at once (< 0.7 s): true
after: 200 {"max_coroutine":5,"peak":5,"live":1}
5 concurrent afterwards: 200 "slept" x 5
3 sequential afterwards: 200 slept 200 slept 200 slept
log: 503s logged: 15
