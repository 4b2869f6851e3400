--TEST--
Hooks with real databases: one worker (hook_flags default HOOK_ALL) serves 100 concurrent requests that each wait 0.2 s in PDO MySQL (SELECT SLEEP(0.2)), in mysqli, and in Redis (WAIT 1 200: the client waits 0.2 s for a replica) — each batch in about one wait (< 0.6 s), with the drivers' results intact; a ticker coroutine keeps ticking while a handler waits on the database
--SKIPIF--
<?php require __DIR__ . '/../support/services.inc'; trident_services_skipif(['mysql', 'redis']); trident_test_skipif(['h2load']); ?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';

$srv = trident_services_server(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'max_coroutine' => 1000]);
$server->on('Request', function ($req, $res) {
    $c = trident_mysql_config();
    switch ($req->server['path_info']) {
        case '/pdo':
            $pdo = new PDO(trident_mysql_dsn(), $c['user'], $c['password'], [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
            $row = $pdo->query('SELECT SLEEP(0.2) AS s, 42 AS answer')->fetch(PDO::FETCH_ASSOC);
            $res->end("pdo {$row['s']} {$row['answer']}");
            return;
        case '/mysqli':
            $m = new mysqli($c['host'], $c['user'], $c['password'], $c['db'], $c['port']);
            $row = $m->query('SELECT SLEEP(0.2) AS s, 7 AS answer')->fetch_assoc();
            $res->end("mysqli {$row['s']} {$row['answer']}");
            return;
        case '/redis':
            $r = trident_redis_config();
            $redis = new Redis();
            $redis->connect($r['host'], $r['port'], 5);
            // WAIT for a replica that does not exist: this client waits 200 ms, the server does not.
            $got = $redis->rawCommand('WAIT', '1', '200');
            $redis->set('trident:k:' . $req->server['request_uri'], 'v');
            $res->end('redis ' . json_encode($got) . ' ' . $redis->get('trident:k:' . $req->server['request_uri']));
            return;
        case '/ticker':
            $ticks = 0;
            $stop = false;
            Trident\Coroutine::create(function () use (&$ticks, &$stop) {
                while (!$stop) { Trident\Coroutine::sleep(0.02); $ticks++; }
            });
            $pdo = new PDO(trident_mysql_dsn(), $c['user'], $c['password']);
            $pdo->query('SELECT SLEEP(0.3)')->fetchColumn();
            $stop = true;
            $res->end("ticks during a 0.3 s query >= 10: " . var_export($ticks >= 10, true));
            return;
    }
});
$server->start();
PHP, ['mysql', 'redis']);

foreach (['/pdo', '/mysqli', '/redis'] as $path) {
    // Warm-up (worker up, driver code loaded), then 100 at once.
    trident_curl([$srv->url($path)]);
    [$rc, $out] = trident_run(['h2load', '--h1', '-n', '100', '-c', '100', $srv->url($path)], null, 60);
    preg_match('/finished in ([\d.]+)(ms|s)/', $out, $m);
    $secs = $m ? ((float)$m[1]) / ($m[2] === 'ms' ? 1000 : 1) : -1;
    preg_match('/status codes: (\d+) 2xx/', $out, $s);
    [, $body] = trident_curl([$srv->url($path)]);
    echo "$path: ", $s[1] ?? '?', " x 2xx, all together < 0.6 s: ", var_export($secs > 0 && $secs < 0.6, true), " ($body)\n";
    if (!($secs > 0 && $secs < 0.6)) echo "  took $secs s\n";
}
echo trident_curl([$srv->url('/ticker')])[1], "\n";
$log = $srv->stop();
echo "server log: ", trim($log) === '' ? '(empty)' : $log, "\n";
?>
--EXPECT--
/pdo: 100 x 2xx, all together < 0.6 s: true (pdo 0 42)
/mysqli: 100 x 2xx, all together < 0.6 s: true (mysqli 0 7)
/redis: 100 x 2xx, all together < 0.6 s: true (redis 0 v)
ticks during a 0.3 s query >= 10: true
server log: (empty)
