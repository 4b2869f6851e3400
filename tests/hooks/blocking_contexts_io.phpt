--TEST--
Hooks where no coroutine can switch: a destructor run inside a coroutine and a shutdown function, with HOOK_ALL on, run a PostgreSQL query (libpq's redirected poll), an http:// call and a curl_exec() blocking like PHP's own — same results, no error, and the ticker coroutine gets no turn during the destructor
--SKIPIF--
<?php require __DIR__ . '/../support/services.inc'; trident_services_skipif(['pgsql', 'curl']); require __DIR__ . '/hooks.inc'; hooks_skipif(['pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';
require_once __DIR__ . '/hooks.inc';

$slow = hooks_slow_server();
$cli = <<<'PHP'
require getenv('SERVICES_INC');
use function Trident\go;
Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_ALL);

function io(): array {
    $slow = getenv('SLOW_PORT');
    $t = microtime(true);
    $pg = pg_connect(trident_pgsql_conninfo());
    $a = pg_fetch_row(pg_query($pg, 'SELECT pg_sleep(0.1), 7'))[1];
    $b = file_get_contents("http://127.0.0.1:$slow/stream");
    $h = curl_init("http://127.0.0.1:$slow/curl");
    curl_setopt($h, CURLOPT_RETURNTRANSFER, true);
    $c = curl_exec($h);
    return [[$a, $b, $c], microtime(true) - $t];
}

class IoOnDestruct {
    public function __destruct() {
        $before = $GLOBALS['ticks'];
        $GLOBALS['destructor'] = io();
        $GLOBALS['ticks_during'] = $GLOBALS['ticks'] - $before;
    }
}

$ticks = 0;
Trident\Coroutine\run(function () {
    $stop = false;
    go(function () use (&$stop) { while (!$stop) { Trident\Coroutine::sleep(0.01); $GLOBALS['ticks']++; } });
    go(function () use (&$stop) {
        Trident\Coroutine::sleep(0.03);
        $o = new IoOnDestruct();
        unset($o);
        $stop = true;
    });
});
[$r, $took] = $GLOBALS['destructor'];
echo "destructor: ", json_encode($r), ", blocking (>= 0.5 s): ", var_export($took >= 0.5, true),
     ", ticks during it: {$GLOBALS['ticks_during']}\n";
register_shutdown_function(function () {
    [$r, $took] = io();
    echo "shutdown function: ", json_encode($r), ", >= 0.5 s: ", var_export($took >= 0.5, true), "\n";
});
PHP;
$cmd = [...trident_php(), '-n'];
foreach (trident_services_extensions(['pgsql', 'curl']) as $e) array_push($cmd, '-d', "extension=$e");
array_push($cmd, '-d', 'extension=' . TRIDENT_TEST_EXT, '-r', $cli);
putenv('SERVICES_INC=' . __DIR__ . '/../support/services.inc');
putenv('SLOW_PORT=' . $slow->port);
[$code, $out, $err] = trident_run($cmd, null, 30);
echo $out, "exit $code, stderr: ", json_encode($err), "\n";
$slow->stop();
?>
--EXPECT--
destructor: ["7","slow:\/stream","slow:\/curl"], blocking (>= 0.5 s): true, ticks during it: 0
shutdown function: ["7","slow:\/stream","slow:\/curl"], >= 0.5 s: true
exit 0, stderr: ""
