--TEST--
Server setting hook_flags: 0 leaves the sleep family blocking in the worker (5 concurrent 0.2 s requests take >= 0.9 s, one after the other; WorkerStart blocks too), HOOK_SLEEP alone is what getHookFlags() reports; out-of-range values are refused with the setting's message
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/../coroutine_server/cs.inc';

$server = new Trident\Http\Server('127.0.0.1', 0);
var_dump($server->set(['hook_flags' => Trident\Runtime::HOOK_ALL + 1]));
var_dump($server->set(['hook_flags' => -1]));
var_dump($server->set(['hook_flags' => '128']));
var_dump($server->set(['hook_flags' => Trident\Runtime::HOOK_SLEEP]));
echo json_encode($server->setting['hook_flags'] ?? null), "\n";
unset($server);

function start_server(int $flags, string $ev): TridentTestServer {
    return new TridentTestServer(lc_define('EV', $ev) . lc_define('FLAGS', $flags) . <<<'PHP'
function rec(string $line): void { file_put_contents($GLOBALS['EV'], $line . "\n", FILE_APPEND | LOCK_EX); }
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'hook_flags' => $FLAGS]);
$server->on('WorkerStart', function () {
    $ticks = 0;
    $done = false;
    Trident\go(function () use (&$ticks, &$done) {
        while (!$done) { Trident\Coroutine::sleep(0.01); $ticks++; }
    });
    usleep(100000);
    $done = true;
    rec("workerstart flags=" . Trident\Runtime::getHookFlags() . " ticks=" . ($ticks >= 5 ? 'many' : $ticks));
});
$server->on('Request', function ($req, $res) {
    if ($req->server['path_info'] === '/ping') { $res->end('pong'); return; }
    $res->end('usleep ' . var_export(usleep(200000), true));
});
$server->start();
PHP);
}

foreach ([0, Trident\Runtime::HOOK_SLEEP] as $flags) {
    echo "-- hook_flags => $flags\n";
    $ev = lc_tempfile('hooks');
    $srv = start_server($flags, $ev);
    [$st, $body] = lc_get($srv->url('/ping'));
    echo "warm-up: $st $body\n";
    echo cs_wait_line($ev, 'workerstart') ?? 'no workerstart', "\n";
    $r = cs_parallel_get($srv->port, array_fill(0, 5, '/sleep'), 10);
    echo "responses: ", cs_summary($r['res']), "\n";
    if ($flags === 0) {
        echo "5 x 0.2 s one after the other (>= 0.9 s): ", var_export($r['wall'] >= 0.9, true), sprintf(" (%.3f s)", $r['wall']), "\n";
    } else {
        echo "5 x 0.2 s together (< 0.6 s): ", var_export($r['wall'] < 0.6, true), sprintf(" (%.3f s)", $r['wall']), "\n";
    }
    echo "log: ", json_encode(trim($srv->stop())), "\n";
}
?>
--EXPECTF--
Warning: Trident\Http\Server::set(): Setting "hook_flags" must be between 0 and 4095, 4096 given in %s on line %d
bool(false)

Warning: Trident\Http\Server::set(): Setting "hook_flags" must be between 0 and 4095, -1 given in %s on line %d
bool(false)

Warning: Trident\Http\Server::set(): Setting "hook_flags" must be of type int, string given in %s on line %d
bool(false)
bool(true)
128
-- hook_flags => 0
warm-up: 200 pong
workerstart flags=0 ticks=0
responses: 200 "usleep NULL" x 5
5 x 0.2 s one after the other (>= 0.9 s): true (%f s)
log: ""
-- hook_flags => 128
warm-up: 200 pong
workerstart flags=128 ticks=many
responses: 200 "usleep NULL" x 5
5 x 0.2 s together (< 0.6 s): true (%f s)
log: ""
