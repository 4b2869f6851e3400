--TEST--
Server (one worker, default hook_flags = HOOK_ALL): 100 concurrent requests whose handlers block in usleep/time_nanosleep/time_sleep_until for 0.2 s finish together in < 0.6 s with exact responses; WorkerStart already runs hooked; a ticker coroutine ticks while a handler sleeps; the master and the manager stay unhooked
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/../coroutine_server/cs.inc';

$ev = lc_tempfile('hooks');
$srv = new TridentTestServer(lc_define('EV', $ev) . <<<'PHP'
use Trident\Runtime;
function rec(string $line): void { file_put_contents($GLOBALS['EV'], $line . "\n", FILE_APPEND | LOCK_EX); }
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Start', function () { rec("master flags=" . Runtime::getHookFlags()); });
$server->on('ManagerStart', function () { rec("manager flags=" . Runtime::getHookFlags()); });
$server->on('WorkerStart', function () {
    // A Coroutine::sleep ticker runs only while this coroutine's usleep() lets it.
    $ticks = 0;
    $done = false;
    Trident\go(function () use (&$ticks, &$done) {
        while (!$done) { Trident\Coroutine::sleep(0.01); $ticks++; }
    });
    usleep(100000);
    $done = true;
    rec("workerstart flags=" . Runtime::getHookFlags() . " ticked=" . var_export($ticks >= 5, true));
});
$server->on('Request', function ($req, $res) {
    switch ($req->server['path_info']) {
        case '/ping': $res->end('pong'); return;
        case '/usleep': $res->end('usleep ' . var_export(usleep(200000), true)); return;
        case '/nanosleep': $res->end('time_nanosleep ' . var_export(time_nanosleep(0, 200000000), true)); return;
        case '/until': $res->end('time_sleep_until ' . var_export(time_sleep_until(microtime(true) + 0.2), true)); return;
        case '/ticker':
            $ticks = 0;
            $done = false;
            Trident\go(function () use (&$ticks, &$done) {
                // Bounded: unhooked, usleep() never lets the other coroutine run.
                for ($i = 0; $i < 100 && !$done; $i++) { usleep(10000); $ticks++; }
            });
            time_nanosleep(0, 200000000);
            $done = true;
            $res->end('ticks >= 10: ' . var_export($ticks >= 10, true));
            return;
    }
    $res->status(404);
    $res->end();
});
$server->start();
PHP);

[$st, $body] = lc_get($srv->url('/ping'));
echo "warm-up: $st $body\n";
echo cs_wait_line($ev, 'workerstart') ?? 'no workerstart', "\n";
$lines = lc_lines($ev);
sort($lines);
echo implode("\n", array_filter($lines, fn($l) => !str_starts_with($l, 'workerstart'))), "\n";

$paths = [];
for ($i = 0; $i < 100; $i++) $paths[] = ['/usleep', '/nanosleep', '/until'][$i % 3];
$r = cs_parallel_get($srv->port, $paths, 10);
echo "responses: ", cs_summary($r['res']), "\n";
// One after the other: 100 x 0.2 s = 20 s.
echo "100 x 0.2 s in < 0.6 s: ", var_export($r['wall'] < 0.6, true), sprintf(" (%.3f s)", $r['wall']), "\n";
echo "none faster than the sleep: ", var_export(min(array_column($r['res'], 2)) >= 0.2, true), "\n";

[$st, $body] = lc_get($srv->url('/ticker'));
echo "ticker: $st $body\n";
echo "log: ", json_encode(trim($srv->stop())), "\n";
?>
--EXPECTF--
warm-up: 200 pong
workerstart flags=4095 ticked=true
manager flags=0
master flags=0
responses: 200 "time_nanosleep true" x 33, 200 "time_sleep_until true" x 33, 200 "usleep NULL" x 34
100 x 0.2 s in < 0.6 s: true (%f s)
none faster than the sleep: true
ticker: 200 ticks >= 10: true
log: ""
