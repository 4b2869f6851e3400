--TEST--
HOOK_PGSQL: a host name in the connection string is resolved on the hooks' resolver pool (the worker gains resolver threads; a numeric host does not start them): one worker serves 50 concurrent requests that each connect by host=localhost (PDO pgsql, then pg_connect) and run pg_sleep(0.2), $1::int — all byte-exact and together far under the 10 s they take serially; an unknown host name gives the driver's own "could not translate host name" error, the same with HOOK_PGSQL off
--SKIPIF--
<?php require __DIR__ . '/../support/services.inc'; trident_services_skipif(['pgsql']); ?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';
require_once __DIR__ . '/hooks.inc';

$srv = trident_services_server(<<<'PHP'
// The test's connection string with another host (the instance listens on 127.0.0.1).
function conninfo(string $host): string {
    return preg_replace("/^host='[^']*'/", "host='" . addcslashes($host, "'\\") . "'", trident_pgsql_conninfo());
}

$server = new Trident\Http\Server('127.0.0.1', $PORT);
// hook_flags: the default (HOOK_ALL) in workers.
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'max_coroutine' => 1000]);
$server->on('Request', function ($req, $res) {
    $i = (int)($req->get['i'] ?? 0);
    $host = $req->get['host'] ?? 'localhost';
    switch ($req->server['path_info']) {
        case '/threads':
            $res->end((string)count(glob('/proc/self/task/*')));
            return;
        case '/pdo':
            $pdo = new PDO('pgsql:' . conninfo($host), null, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
            $st = $pdo->prepare('SELECT pg_sleep(0.2) AS s, CAST(? AS int) AS i');
            $st->execute([$i]);
            $res->end("pdo $i: " . json_encode($st->fetch(PDO::FETCH_ASSOC)));
            return;
        case '/pg':
            $c = pg_connect(conninfo($host), PGSQL_CONNECT_FORCE_NEW);
            $row = pg_fetch_assoc(pg_query_params($c, 'SELECT pg_sleep(0.2) AS s, $1::int AS i', [$i]));
            pg_close($c);
            $res->end("pg $i: " . json_encode($row));
            return;
        case '/unknown':
            // hook=0: the same connects with HOOK_PGSQL off (libpq's blocking lookup).
            $flags = Trident\Runtime::getHookFlags();
            if (($req->get['hook'] ?? '1') === '0') Trident\Runtime::enableCoroutine($flags & ~Trident\Runtime::HOOK_PGSQL);
            try {
                new PDO('pgsql:' . conninfo('no-such-host.invalid'));
                $pdo = 'connected?';
            } catch (PDOException $e) {
                $pdo = $e->getMessage();
            }
            error_clear_last();
            $c = @pg_connect(conninfo('no-such-host.invalid'), PGSQL_CONNECT_FORCE_NEW);
            $pg = $c === false ? error_get_last()['message'] : 'connected?';
            $now = Trident\Runtime::getHookFlags();
            Trident\Runtime::enableCoroutine($flags);
            $res->end(json_encode(['pdo' => $pdo, 'pg' => $pg, 'pgsql hook' => ($now & Trident\Runtime::HOOK_PGSQL) !== 0]));
            return;
    }
});
$server->start();
PHP, ['pgsql']);

$threads = fn() => (int)trident_curl([$srv->url('/threads')])[1];
$before = $threads();
[$code, $body] = trident_curl([$srv->url('/pdo?i=7&host=127.0.0.1')]);
echo "numeric host: $body\n";
echo "resolver threads after a numeric host: ", $threads() === $before ? 'none' : 'started', "\n";

$expected = [
    'pdo' => fn(int $i) => "pdo $i: " . json_encode(['s' => '', 'i' => $i]),
    'pg' => fn(int $i) => "pg $i: " . json_encode(['s' => '', 'i' => "$i"]),
];
foreach (['pdo', 'pg'] as $api) {
    $paths = [];
    for ($i = 0; $i < 50; $i++) $paths[] = "/$api?i=$i&host=localhost";
    $r = cs_parallel_get($srv->port, $paths, 30);
    $exact = 0;
    foreach ($r['res'] as $k => [$status, $body]) {
        if ($status === 200 && $body === $expected[$api]($k)) $exact++;
        elseif ($exact === $k) echo "  first mismatch: $status $body\n";
    }
    // Serially 50 x 0.2 s = 10 s, plus 50 connections (password auth, CPU-bound, about
    // 15 ms each here, which concurrency does not shorten).
    $ok = $r['wall'] < 5.0;
    echo "/$api by host=localhost: $exact of 50 byte-exact, all together < 5 s: ", var_export($ok, true), "\n";
    if (!$ok || getenv('TRIDENT_TEST_VERBOSE')) printf("  took %.3f s\n", $r['wall']);
    if ($api === 'pdo') echo "resolver threads after names: ", $threads() > $before ? 'started' : 'none', "\n";
}

$hooked = json_decode(trident_curl([$srv->url('/unknown')])[1], true);
$plain = json_decode(trident_curl([$srv->url('/unknown?hook=0')])[1], true);
echo "unknown host, hooked: ", json_encode($hooked, JSON_UNESCAPED_SLASHES), "\n";
echo "HOOK_PGSQL off: pgsql hook ", var_export($plain['pgsql hook'], true), ", same messages: ",
    var_export($plain['pdo'] === $hooked['pdo'] && $plain['pg'] === $hooked['pg'], true), "\n";
if ($plain['pdo'] !== $hooked['pdo'] || $plain['pg'] !== $hooked['pg']) echo json_encode($plain), "\n";
$log = $srv->stop();
echo "server log: ", trim($log) === '' ? '(empty)' : $log, "\n";
?>
--EXPECTF--
numeric host: pdo 7: {"s":"","i":7}
resolver threads after a numeric host: none
/pdo by host=localhost: 50 of 50 byte-exact, all together < 5 s: true
resolver threads after names: started
/pg by host=localhost: 50 of 50 byte-exact, all together < 5 s: true
unknown host, hooked: {"pdo":"SQLSTATE[08006] [7] could not translate host name \"no-such-host.invalid\" to address: %s","pg":"pg_connect(): Unable to connect to PostgreSQL server: could not translate host name \"no-such-host.invalid\" to address: %s","pgsql hook":true}
HOOK_PGSQL off: pgsql hook false, same messages: true
server log: (empty)
