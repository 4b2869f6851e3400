--TEST--
Services without the coroutine I/O hooks ('hook_flags' => 0): on a worker_num=1 server, 5 concurrent requests that each run SELECT SLEEP(0.2) through PDO MySQL are served one after the other (the blocking driver call holds the only worker), so together they take >= 0.9 s (tests/hooks/databases_concurrent.phpt is the same with hooks)
--SKIPIF--
<?php require __DIR__ . '/../support/services.inc'; trident_services_skipif(['mysql']); ?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';

$srv = trident_services_server(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'hook_flags' => 0]);
$server->on('Request', function ($req, $res) {
    $c = trident_mysql_config();
    $pdo = new PDO(trident_mysql_dsn(), $c['user'], $c['password'],
                   [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION, PDO::ATTR_TIMEOUT => 10]);
    $t = microtime(true);
    $slept = $pdo->query('SELECT SLEEP(0.2)')->fetchColumn();
    $res->end(sprintf('%s %d %d', $slept, microtime(true) - $t >= 0.19 ? 1 : 0, getmypid()));
});
$server->start();
PHP, ['mysql']);

// A first request outside the measurement: the worker is up and MariaDB has a warm thread.
[$code, $out] = trident_curl([$srv->url('/warm')]);
echo "warm-up: $code ", explode(' ', $out)[0], "\n";

// Five clients at once (each its own connection), then wait for all of them.
$procs = [];
$t0 = microtime(true);
for ($i = 0; $i < 5; $i++) {
    $procs[] = proc_open(['curl', '-sS', '--max-time', '30', $srv->url("/r$i")], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $outs[] = $pipes;
}
$bodies = [];
foreach ($procs as $i => $p) {
    $bodies[] = stream_get_contents($outs[$i][1]);
    fclose($outs[$i][1]); fclose($outs[$i][2]);
    proc_close($p);
}
$elapsed = microtime(true) - $t0;
$pids = [];
foreach ($bodies as $b) {
    [$slept, $long, $pid] = explode(' ', $b) + ['', '', ''];
    echo "response: SLEEP returned $slept, took >= 0.2 s: $long\n";
    $pids[$pid] = true;
}
echo "one worker served them all: ", var_export(count($pids) === 1, true), "\n";
echo "5 x SLEEP(0.2) took >= 0.9 s (serial, blocking driver): ", var_export($elapsed >= 0.9, true), "\n";
$log = $srv->stop();
echo "server log: ", $log === '' ? '(empty)' : $log, "\n";
?>
--EXPECT--
warm-up: 0 0
response: SLEEP returned 0, took >= 0.2 s: 1
response: SLEEP returned 0, took >= 0.2 s: 1
response: SLEEP returned 0, took >= 0.2 s: 1
response: SLEEP returned 0, took >= 0.2 s: 1
response: SLEEP returned 0, took >= 0.2 s: 1
one worker served them all: true
5 x SLEEP(0.2) took >= 0.9 s (serial, blocking driver): true
server log: (empty)
