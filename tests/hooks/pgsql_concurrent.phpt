--TEST--
HOOK_PGSQL with the private PostgreSQL: one worker serves 100 concurrent HTTP/1.1 requests that each run SELECT pg_sleep(0.2), $1::int on a connection from a Trident\Coroutine\Pool of 100 — through PDO pgsql, then through ext/pgsql (pg_query_params) — each batch in about one wait (< 2 s; serially it would be 20 s) — the first batch of each API also makes the 100 connections (password auth, CPU-bound: < 10 s), every response byte-exact for its own request; a ticker coroutine keeps ticking while a handler waits 0.5 s in pg_sleep
--SKIPIF--
<?php require __DIR__ . '/../support/services.inc'; trident_services_skipif(['pgsql']); ?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';
require_once __DIR__ . '/hooks.inc';

$srv = trident_services_server(<<<'PHP'
use Trident\Coroutine\Pool;

$pdo_pool = $pg_pool = null;
$server = new Trident\Http\Server('127.0.0.1', $PORT);
// hook_flags: the default (HOOK_ALL) in workers.
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'max_coroutine' => 1000]);
$server->on('Request', function ($req, $res) use (&$pdo_pool, &$pg_pool) {
    $i = (int)($req->get['i'] ?? 0);
    switch ($req->server['path_info']) {
        case '/pdo':
            $pdo_pool ??= new Pool(fn() => new PDO('pgsql:' . trident_pgsql_conninfo(), null, null,
                                                   [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]), 100);
            $pdo = $pdo_pool->get(10);
            $st = $pdo->prepare('SELECT pg_sleep(0.2) AS s, CAST(? AS int) AS i');
            $st->execute([$i]);
            $row = $st->fetch(PDO::FETCH_ASSOC);
            // Before put(): pdo_pgsql's statement destructor sends DEALLOCATE on the
            // connection, which by then could be another coroutine's.
            $st = null;
            $pdo_pool->put($pdo);
            $res->end("pdo $i: " . json_encode($row));
            return;
        case '/pg':
            $pg_pool ??= new Pool(fn() => pg_connect(trident_pgsql_conninfo(), PGSQL_CONNECT_FORCE_NEW), 100);
            $c = $pg_pool->get(10);
            $row = pg_fetch_assoc(pg_query_params($c, 'SELECT pg_sleep(0.2) AS s, $1::int AS i', [$i]));
            $pg_pool->put($c);
            $res->end("pg $i: " . json_encode($row));
            return;
        case '/ticker':
            $ticks = 0;
            $stop = false;
            Trident\Coroutine::create(function () use (&$ticks, &$stop) {
                while (!$stop) { Trident\Coroutine::sleep(0.02); $ticks++; }
            });
            $pdo = $pdo_pool->get(10);
            $t = microtime(true);
            $pdo->query('SELECT pg_sleep(0.5)')->fetchColumn();
            $el = microtime(true) - $t;
            $pdo_pool->put($pdo);
            $stop = true;
            $res->end('waited 0.5 s: ' . var_export($el >= 0.49, true) . ', ticks meanwhile >= 15: ' . var_export($ticks >= 15, true)
                      . ($ticks >= 15 ? '' : " ($ticks)"));
            return;
    }
});
$server->start();
PHP, ['pgsql']);

$expected = [
    'pdo' => fn(int $i) => "pdo $i: " . json_encode(['s' => '', 'i' => $i]),
    'pg' => fn(int $i) => "pg $i: " . json_encode(['s' => '', 'i' => "$i"]),
];
foreach (['pdo', 'pg'] as $api) {
    foreach (['first (connects)', 'second'] as $round) {
        $paths = [];
        for ($i = 0; $i < 100; $i++) $paths[] = "/$api?i=" . (1000 * ($round === 'second') + $i);
        $r = cs_parallel_get($srv->port, $paths, 30);
        $exact = 0;
        foreach ($r['res'] as $k => [$status, $body]) {
            if ($status === 200 && $body === $expected[$api](1000 * ($round === 'second') + $k)) $exact++;
            elseif ($exact === $k) echo "  first mismatch: $status $body\n";
        }
        // Serially: 100 x 0.2 s = 20 s. Making 100 connections (SCRAM, a backend each) is
        // CPU work (about 15 ms each here) that concurrency does not shorten.
        $bound = $round === 'second' ? 2.0 : 10.0;
        $ok = $r['wall'] < $bound;
        echo "/$api $round: $exact of 100 byte-exact, all together < $bound s: ", var_export($ok, true), "\n";
        if (!$ok || getenv('TRIDENT_TEST_VERBOSE')) printf("  took %.3f s\n", $r['wall']);
    }
}
echo trident_curl([$srv->url('/ticker')])[1], "\n";
$log = $srv->stop();
echo "server log: ", trim($log) === '' ? '(empty)' : $log, "\n";
?>
--EXPECT--
/pdo first (connects): 100 of 100 byte-exact, all together < 10 s: true
/pdo second: 100 of 100 byte-exact, all together < 2 s: true
/pg first (connects): 100 of 100 byte-exact, all together < 10 s: true
/pg second: 100 of 100 byte-exact, all together < 2 s: true
waited 0.5 s: true, ticks meanwhile >= 15: true
server log: (empty)
