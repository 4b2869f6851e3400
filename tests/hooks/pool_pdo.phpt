--TEST--
Pool with real PDO MySQL connections: one worker, a Pool of 10; 100 concurrent requests each run SELECT SLEEP(0.1) through it: they run 10 at a time (about 1 s in all, not 10 s one by one), MariaDB sees at most 10 connections from the pool, and a killed connection is put(null) and replaced on demand
--SKIPIF--
<?php require __DIR__ . '/../support/services.inc'; trident_services_skipif(['mysql']); trident_test_skipif(['h2load']); ?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';

$srv = trident_services_server(<<<'PHP'
use Trident\Coroutine\Pool;

$pool = null;
$seen = [];  // CONNECTION_ID()s the queries ran on
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'max_coroutine' => 1000]);
$server->on('Request', function ($req, $res) use (&$pool, &$seen) {
    $pool ??= new Pool(function () {
        $c = trident_mysql_config();
        return new PDO(trident_mysql_dsn(), $c['user'], $c['password'], [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    }, 10);
    switch ($req->server['path_info']) {
        case '/sleep':
            $pdo = $pool->get(5);
            if ($pdo === false) {
                $res->status(503);
                $res->end("pool errCode {$pool->errCode}");
                return;
            }
            try {
                $row = $pdo->query('SELECT SLEEP(0.1) AS s, CONNECTION_ID() AS id')->fetch(PDO::FETCH_ASSOC);
                $pool->put($pdo);
            } catch (PDOException $e) {
                $pool->put(null);
                throw $e;
            }
            $seen[$row['id']] = true;
            $res->end("slept {$row['s']}");
            return;
        case '/kill':
            // The server kills the connection: the query fails, the pool forgets it.
            $pdo = $pool->get(5);
            try {
                $pdo->query('KILL CONNECTION_ID()');
                $pool->put($pdo);
                $res->end('not killed');
            } catch (PDOException $e) {
                $pool->put(null);
                $res->end('killed (' . $e->errorInfo[1] . '), ' . json_encode($pool->stats()));
            }
            return;
        case '/stats':
            // How many of the connections the queries used are still open on the server.
            $pdo = $pool->get(5);
            $ids = implode(',', array_map('intval', array_keys($seen)));
            $open = $pdo->query("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID IN ($ids)")->fetchColumn();
            $pool->put($pdo);
            $res->end('distinct connections ' . count($seen) . ", still open $open, " . json_encode($pool->stats()));
            return;
    }
});
$server->start();
PHP, ['mysql']);

// Warm-up (worker up, one connection made), then 100 at once.
echo trident_curl([$srv->url('/sleep')])[1], "\n";
[$rc, $out] = trident_run(['h2load', '--h1', '-n', '100', '-c', '100', $srv->url('/sleep')], null, 60);
preg_match('/finished in ([\d.]+)(ms|s)/', $out, $m);
$secs = $m ? ((float)$m[1]) / ($m[2] === 'ms' ? 1000 : 1) : -1;
preg_match('/status codes: (\d+) 2xx/', $out, $s);
echo "100 requests: ", $s[1] ?? '?', " x 2xx\n";
// 10 at a time: 10 rounds of 0.1 s. Fewer than 10 connections, or no sharing, would take
// longer; more than 10 at once would finish sooner.
echo "10 at a time (0.95 s <= time < 3 s): ", var_export($secs >= 0.95 && $secs < 3, true), "\n";
if (!($secs >= 0.95 && $secs < 3)) echo "  took $secs s\n";
echo trident_curl([$srv->url('/stats')])[1], "\n";
echo trident_curl([$srv->url('/kill')])[1], "\n";
// The freed slot is refilled on demand: 20 at once need 10 connections again, one of them new.
[$rc, $out] = trident_run(['h2load', '--h1', '-n', '20', '-c', '20', $srv->url('/sleep')], null, 60);
preg_match('/status codes: (\d+) 2xx/', $out, $s);
echo "20 requests: ", $s[1] ?? '?', " x 2xx\n";
echo trident_curl([$srv->url('/stats')])[1], "\n";
$log = $srv->stop();
echo "server log: ", trim($log) === '' ? '(empty)' : $log, "\n";
?>
--EXPECT--
slept 0
100 requests: 100 x 2xx
10 at a time (0.95 s <= time < 3 s): true
distinct connections 10, still open 10, {"size":10,"created":10,"idle":10,"in_use":0,"waiting":0}
killed (1927), {"size":10,"created":9,"idle":9,"in_use":0,"waiting":0}
20 requests: 20 x 2xx
distinct connections 11, still open 10, {"size":10,"created":10,"idle":10,"in_use":0,"waiting":0}
server log: (empty)
