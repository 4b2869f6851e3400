--TEST--
HOOK_PGSQL failures: PDO and pg_connect to a server that accepts but never answers (connect_timeout=1) wait as coroutines (a ticker keeps ticking) and fail with the same message as without hooks; one PDO connection used by two coroutines at once: the first gets its correct result, the second a Trident\Coroutine\Exception naming both, the connection is closed (later use: "no connection to the server"); pg_terminate_backend() of a connection's backend during pg_sleep gives the driver's own error at once, the Pool replaces the connection; the worker keeps serving throughout
--SKIPIF--
<?php require __DIR__ . '/../support/services.inc'; trident_services_skipif(['pgsql']); ?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';

// Accepts nothing: connections complete in the backlog and no byte ever comes back.
$silent = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$silent_port = (int)substr(strrchr(stream_socket_get_name($silent, false), ':'), 1);

$code = <<<'PHP'
use Trident\Coroutine;
use Trident\Coroutine\Pool;

function pdo_open(): PDO {
    return new PDO('pgsql:' . trident_pgsql_conninfo(), null, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
}

// Connects to the silent server while a ticker runs: [error text, seconds, ticks].
function connect_silent(string $api): array {
    $ticks = 0;
    $stop = false;
    if (Coroutine::getCid() > 0 && HOOK_FLAGS) {
        Coroutine::create(function () use (&$ticks, &$stop) { while (!$stop) { Coroutine::sleep(0.02); $ticks++; } });
    }
    $ci = 'host=127.0.0.1 port=' . SILENT . ' user=trident password=trident dbname=trident connect_timeout=1';
    $t = microtime(true);
    if ($api === 'pdo') {
        // pdo_pgsql appends connect_timeout=<PDO::ATTR_TIMEOUT, default 30> to the DSN.
        try { new PDO("pgsql:$ci", null, null, [PDO::ATTR_TIMEOUT => 1]); $err = 'connected?'; } catch (PDOException $e) { $err = $e->getMessage(); }
    } else {
        $c = @pg_connect($ci, PGSQL_CONNECT_FORCE_NEW);
        $err = $c === false ? error_get_last()['message'] : 'connected?';
    }
    $el = microtime(true) - $t;
    $stop = true;
    return [$err, $el, $ticks];
}

$pool = null;
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'hook_flags' => HOOK_FLAGS]);
$server->on('Request', function ($req, $res) use (&$pool) {
    switch ($req->server['path_info']) {
        case '/connect-pdo':
        case '/connect-pg':
            [$err, $el, $ticks] = connect_silent(substr($req->server['path_info'], 9));
            // libpq waits at least 2 s for a connect_timeout below 2.
            $res->end(json_encode($err) . "\n" . sprintf('waited 1-5 s: %s, ticks meanwhile >= 30: %s',
                var_export($el >= 1 && $el < 5, true), var_export($ticks >= 30, true)));
            return;
        case '/misuse':
            $pdo = pdo_open();
            $out = [];
            $a = Coroutine::create(function () use ($pdo, &$out) {
                try {
                    $out['A'] = 'A: ' . json_encode($pdo->query("SELECT pg_sleep(0.3), 'first' AS who")->fetchAll(PDO::FETCH_ASSOC));
                } catch (Throwable $e) { $out['A'] = 'A: ' . get_class($e) . ': ' . $e->getMessage(); }
            });
            $b = Coroutine::create(function () use ($pdo, &$out) {
                try {
                    $out['B'] = 'B: ' . json_encode($pdo->query("SELECT 'second' AS who")->fetchAll(PDO::FETCH_ASSOC));
                } catch (Throwable $e) { $out['B'] = 'B: ' . get_class($e) . ': ' . $e->getMessage(); }
            });
            while (count($out) < 2) Coroutine::sleep(0.01);
            try {
                $out['after'] = 'after: ' . json_encode($pdo->query('SELECT 1')->fetchAll());
            } catch (PDOException $e) { $out['after'] = 'after: ' . $e->getMessage(); }
            ksort($out);
            $res->end(str_replace(["coroutine #$a;", "coroutine #$b "], ['coroutine #A;', 'coroutine #B '], implode("\n", $out)));
            return;
        case '/terminate':
            $pool ??= new Pool('pdo_open', 1);
            $pdo = $pool->get(5);
            $pid = (int)$pdo->query('SELECT pg_backend_pid()')->fetchColumn();
            Coroutine::create(function () use ($pid) {
                $admin = pdo_open();
                $active = $admin->prepare("SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND state = 'active' AND query LIKE 'SELECT pg_sleep(5)%'");
                for ($i = 0; $i < 500; $i++) {
                    $active->execute([$pid]);
                    if ($active->fetchColumn() > 0) break;
                    Coroutine::sleep(0.01);
                }
                $admin->query("SELECT pg_terminate_backend($pid)");
            });
            $t = microtime(true);
            try {
                $pdo->query('SELECT pg_sleep(5)');
                $pool->put($pdo);
                $out = 'not terminated';
            } catch (PDOException $e) {
                $pool->put(null);
                $out = 'terminated: ' . $e->getMessage() . "\nSQLSTATE " . $e->errorInfo[0] . ', within 4 s: ' . var_export(microtime(true) - $t < 4, true);
            }
            $pdo = $pool->get(5);
            $new = (int)$pdo->query('SELECT pg_backend_pid()')->fetchColumn();
            $pool->put($pdo);
            $res->end("$out\nreplaced by a new connection: " . var_export($new !== $pid && $new > 0, true) . ', ' . json_encode($pool->stats()));
            return;
        case '/ok':
            $res->end('ok ' . pdo_open()->query("SELECT 'still serving'")->fetchColumn());
            return;
    }
});
$server->start();
PHP;

$prelude = 'const SILENT = ' . $silent_port . ";\n";
$hooked = trident_services_server($prelude . "const HOOK_FLAGS = Trident\\Runtime::HOOK_ALL;\n" . $code, ['pgsql']);
$plain = trident_services_server($prelude . "const HOOK_FLAGS = 0;\n" . $code, ['pgsql']);
foreach (['/connect-pdo', '/connect-pg'] as $path) {
    [, $with] = trident_curl([$hooked->url($path)]);
    [, $without] = trident_curl([$plain->url($path)]);
    echo "$path: $with\n", "same error as without hooks: ", var_export(strtok($with, "\n") === strtok($without, "\n"), true), "\n";
}
echo trident_curl([$hooked->url('/misuse')])[1], "\n";
echo trident_curl([$hooked->url('/ok')])[1], "\n";
echo trident_curl([$hooked->url('/terminate')])[1], "\n";
echo trident_curl([$hooked->url('/ok')])[1], "\n";
foreach (['hooked' => $hooked, 'plain' => $plain] as $name => $srv) {
    $log = $srv->stop();
    echo "$name server log: ", trim($log) === '' ? '(empty)' : $log, "\n";
}
?>
--EXPECTF--
/connect-pdo: "SQLSTATE[08006] [7] connection to server at \"127.0.0.1\", port %d failed: timeout expired"
waited 1-5 s: true, ticks meanwhile >= 30: true
same error as without hooks: true
/connect-pg: "pg_connect(): Unable to connect to PostgreSQL server: connection to server at \"127.0.0.1\", port %d failed: timeout expired"
waited 1-5 s: true, ticks meanwhile >= 30: true
same error as without hooks: true
A: [{"pg_sleep":"","who":"first"}]
B: Trident\Coroutine\Exception: PostgreSQL connection (socket #%d) is in use by coroutine #A; coroutine #B cannot use it at the same time (the connection is closed)
after: SQLSTATE[HY000]: General error: 7 no connection to the server
ok still serving
terminated: SQLSTATE[HY000]: General error: 7 FATAL:  terminating connection due to administrator command
server closed the connection unexpectedly
	This probably means the server terminated abnormally
	before or while processing the request.
SQLSTATE HY000, within 4 s: true
replaced by a new connection: true, {"size":1,"created":1,"idle":1,"in_use":0,"waiting":0}
ok still serving
hooked server log: (empty)
plain server log: (empty)
