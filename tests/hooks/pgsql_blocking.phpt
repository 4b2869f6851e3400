--TEST--
HOOK_PGSQL off: with hook_flags HOOK_ALL & ~HOOK_PGSQL a worker runs 5 concurrent requests' pg_sleep(0.2) one after another (>= 1 s) and a ticker does not tick during a handler's pg_sleep, results unchanged; outside any coroutine (CLI, enableCoroutine(HOOK_ALL)) PDO pgsql and pg_query block as before, and inside Coroutine\run() the same code lets a ticker run
--SKIPIF--
<?php require __DIR__ . '/../support/services.inc'; trident_services_skipif(['pgsql']); ?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';
require_once __DIR__ . '/hooks.inc';

$srv = trident_services_server(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1,
              'hook_flags' => Trident\Runtime::HOOK_ALL & ~Trident\Runtime::HOOK_PGSQL]);
$server->on('Request', function ($req, $res) {
    $ticks = 0;
    $stop = false;
    Trident\Coroutine::create(function () use (&$ticks, &$stop) { while (!$stop) { Trident\Coroutine::sleep(0.02); $ticks++; } });
    $pdo = new PDO('pgsql:' . trident_pgsql_conninfo(), null, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    $st = $pdo->prepare('SELECT pg_sleep(0.2) AS s, CAST(? AS int) AS i');
    $st->execute([(int)$req->get['i']]);
    $row = $st->fetch(PDO::FETCH_ASSOC);
    $stop = true;
    $res->end(json_encode($row) . " ticks $ticks");
});
$server->start();
PHP, ['pgsql']);

$r = cs_parallel_get($srv->port, array_map(fn($i) => "/?i=$i", range(1, 5)), 30);
echo implode("\n", array_map(fn($x) => "$x[0] $x[1]", $r['res'])), "\n";
// Serial: 5 x 0.2 s (each ticker only gets to run after its own handler's query).
echo "one after another (>= 1 s): ", var_export($r['wall'] >= 1.0, true), "\n";
if ($r['wall'] < 1.0 || getenv('TRIDENT_TEST_VERBOSE')) printf("  took %.3f s\n", $r['wall']);
$log = $srv->stop();
echo "server log: ", trim($log) === '' ? '(empty)' : $log, "\n";

$cli = <<<'PHP'
require getenv('SERVICES_INC');
Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_ALL);
function queries(): string {
    $pdo = new PDO('pgsql:' . trident_pgsql_conninfo(), null, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    $c = pg_connect(trident_pgsql_conninfo(), PGSQL_CONNECT_FORCE_NEW);
    $t = microtime(true);
    $a = $pdo->query("SELECT pg_sleep(0.2), 'pdo' AS x")->fetch(PDO::FETCH_ASSOC);
    $b = pg_fetch_assoc(pg_query($c, "SELECT pg_sleep(0.2), 'pg' AS x"));
    return json_encode([$a, $b]) . sprintf(', 0.4 s in all: %s', var_export(microtime(true) - $t >= 0.39, true));
}
echo "outside a coroutine: ", queries(), "\n";
Trident\Coroutine\run(function () {
    $ticks = 0;
    $stop = false;
    Trident\go(function () use (&$ticks, &$stop) { while (!$stop) { Trident\Coroutine::sleep(0.02); $ticks++; } });
    echo "inside Coroutine\\run(): ", queries(), ', ticks meanwhile >= 10: ';
    $stop = true;
    echo var_export($ticks >= 10, true), "\n";
});
PHP;
$cmd = [...trident_php(), '-n'];
foreach (trident_services_extensions(['pgsql']) as $e) array_push($cmd, '-d', "extension=$e");
array_push($cmd, '-d', 'extension=' . TRIDENT_TEST_EXT, '-r', $cli);
putenv('SERVICES_INC=' . __DIR__ . '/../support/services.inc');
[$code, $out, $err] = trident_run($cmd, null, 30);
echo $out, "exit $code, stderr: ", json_encode($err), "\n";
?>
--EXPECT--
200 {"s":"","i":1} ticks 0
200 {"s":"","i":2} ticks 0
200 {"s":"","i":3} ticks 0
200 {"s":"","i":4} ticks 0
200 {"s":"","i":5} ticks 0
one after another (>= 1 s): true
server log: (empty)
outside a coroutine: [{"pg_sleep":"","x":"pdo"},{"pg_sleep":"","x":"pg"}], 0.4 s in all: true
inside Coroutine\run(): [{"pg_sleep":"","x":"pdo"},{"pg_sleep":"","x":"pg"}], 0.4 s in all: true, ticks meanwhile >= 10: true
exit 0, stderr: ""
