--TEST--
Hooks: timeouts give the same errors, messages and timings as without hooks, while only the waiting coroutine waits: default_socket_timeout on a tcp:// stream to a silent server, the http:// context 'timeout', PDO MySQL's PDO::ATTR_TIMEOUT (connect to a listener whose backlog is full), mysqlnd.net_read_timeout (a silent server, and a query on the real MariaDB that outlasts it), phpredis read_timeout (a silent server); and connection refused for PDO MySQL and phpredis (tests/hooks/connect_errors.phpt has the stream functions) — the unhooked run one by one, then all at once in coroutines with HOOK_ALL
--SKIPIF--
<?php require __DIR__ . '/../support/services.inc'; trident_services_skipif(['mysql', 'redis']); ?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';

// A server that accepts every connection and never sends a byte.
$silent = new TridentTestServer(<<<'PHP'
$s = stream_socket_server("tcp://127.0.0.1:$PORT");
$held = [];
while (true) { if ($c = @stream_socket_accept($s, 3600)) $held[] = $c; }
PHP);

$client = <<<'PHP'
<?php
require_once SERVICES_INC;
$silent = SILENT_PORT;
// A listener that never accepts, its backlog filled: a connect to it gets no answer.
$full = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['socket' => ['backlog' => 0]]));
$full_port = (int)substr(strrchr(stream_socket_get_name($full, false), ':'), 1);
$filler = stream_socket_client("tcp://127.0.0.1:$full_port", $errno, $errstr, 1);
$db = trident_mysql_config();

// Warnings and notices, per coroutine (a handler is process-wide; the coroutine raising one is
// the one running it).
$messages = [];
set_error_handler(function ($no, $str) use (&$messages) {
    $messages[Trident\Coroutine::getCid()][] = "$no: $str";
    return true;
});

// [outcome, messages, seconds rounded to 0.1] of one case.
function outcome(callable $f): array {
    global $messages;
    $cid = Trident\Coroutine::getCid();
    $messages[$cid] = [];
    $t = microtime(true);
    try {
        $r = $f();
    } catch (Throwable $e) {
        $r = get_class($e) . ': ' . $e->getMessage() . ' (code ' . $e->getCode() . ')';
    }
    return [$r, $messages[$cid], round(microtime(true) - $t, 1)];
}

$mysql = fn(int $port, array $opts = []) => new PDO("mysql:host=127.0.0.1;port=$port;dbname=trident", $db['user'], $db['password'],
    $opts + [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
// mysqlnd.net_read_timeout applies to connections made while it is set.
$with_read_timeout = function (callable $f) {
    ini_set('mysqlnd.net_read_timeout', '1');
    try { return $f(); } finally { ini_restore('mysqlnd.net_read_timeout'); }
};
$cases = [
    'tcp:// with default_socket_timeout=1' => function () use ($silent) {
        ini_set('default_socket_timeout', '1');
        $c = stream_socket_client("tcp://127.0.0.1:$silent", $errno, $errstr, 5);
        ini_restore('default_socket_timeout');
        return [fread($c, 10), stream_get_meta_data($c)['timed_out'], feof($c)];
    },
    "http:// with the context's 'timeout' => 0.5" => fn() =>
        file_get_contents("http://127.0.0.1:$silent/", false, stream_context_create(['http' => ['timeout' => 0.5]])),
    'PDO::ATTR_TIMEOUT => 1, connect gets no answer' => fn() => $mysql($full_port, [PDO::ATTR_TIMEOUT => 1]),
    'mysqlnd.net_read_timeout=1, silent server' => fn() => $with_read_timeout(fn() => $mysql($silent)),
    'mysqlnd.net_read_timeout=1, SELECT SLEEP(3) on MariaDB' => fn() => $with_read_timeout(function () use ($mysql, $db) {
        $pdo = $mysql($db['port']);
        return $pdo->query('SELECT SLEEP(3)')->fetchColumn();
    }),
    'phpredis read_timeout 0.5, silent server' => function () use ($silent) {
        $r = new Redis();
        $r->connect('127.0.0.1', $silent, 2, null, 0, 0.5);
        return $r->ping();
    },
    'PDO MySQL, connection refused' => fn() => $mysql(1),
    'phpredis, connection refused' => function () {
        $r = new Redis();
        return $r->connect('127.0.0.1', 1, 2);
    },
];

$plain = [];
$serial = 0;
foreach ($cases as $name => $f) {
    $plain[$name] = outcome($f);
    $serial += $plain[$name][2];
    echo "$name: ", json_encode($plain[$name], JSON_UNESCAPED_SLASHES), "\n";
}

Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_ALL);
Trident\Coroutine\run(function () use ($cases, $plain, $serial) {
    $ticks = 0;
    $done = false;
    Trident\Coroutine::create(function () use (&$ticks, &$done) { while (!$done) { Trident\Coroutine::sleep(0.05); $ticks++; } });
    $wg = new Trident\Coroutine\WaitGroup();
    $hooked = [];
    $t0 = microtime(true);
    foreach ($cases as $name => $f) {
        $wg->add();
        Trident\Coroutine::create(function () use ($name, $f, $wg, &$hooked) {
            $hooked[$name] = outcome($f);
            $wg->done();
        });
    }
    $wg->wait();
    $wall = microtime(true) - $t0;
    $done = true;
    foreach ($cases as $name => $f) {
        echo "hooked, $name: ", $hooked[$name] === $plain[$name] ? 'same outcome, messages and time' : 'DIFFERENT ' . json_encode($hooked[$name], JSON_UNESCAPED_SLASHES), "\n";
    }
    // One by one they took $serial seconds; together, about the longest of them.
    echo "all at once in < 1.8 s (one by one: >= 4.5 s): ", var_export($wall < 1.8 && $serial >= 4.5, true),
         ", ticker ran meanwhile: ", var_export($ticks >= 10, true), "\n";
    if ($wall >= 1.8) echo "  took $wall s\n";
});
PHP;
$script = tempnam(sys_get_temp_dir(), 'trident_to_') . '.php';
file_put_contents($script, str_replace(['SERVICES_INC', 'SILENT_PORT'],
    [var_export(realpath(__DIR__ . '/../support/services.inc'), true), (string)$silent->port], $client));
$cmd = [...trident_php(), '-n'];
foreach (trident_services_extensions(['mysql', 'redis']) as $e) array_push($cmd, '-d', "extension=$e");
array_push($cmd, '-d', 'extension=' . TRIDENT_TEST_EXT, '-d', 'display_errors=stderr', $script);
[$rc, $out, $err] = trident_run($cmd, null, 60);
@unlink($script);
echo $out, $err === '' ? '' : "stderr: $err\n", "exit: $rc\n";
$silent->stop();
?>
--EXPECTF--
tcp:// with default_socket_timeout=1: [[false,true,false],[],1]
http:// with the context's 'timeout' => 0.5: [false,["2: file_get_contents(http://127.0.0.1:%d/): Failed to open stream: HTTP request failed!"],0.5]
PDO::ATTR_TIMEOUT => 1, connect gets no answer: ["PDOException: SQLSTATE[HY000] [2002] Connection timed out (code 2002)",[],1]
mysqlnd.net_read_timeout=1, silent server: ["PDOException: SQLSTATE[HY000] [2006] MySQL server has gone away (code 2006)",[],1]
mysqlnd.net_read_timeout=1, SELECT SLEEP(3) on MariaDB: ["PDOException: SQLSTATE[HY000]: General error: 2006 MySQL server has gone away (code HY000)",[],1]
phpredis read_timeout 0.5, silent server: ["RedisException: socket error on read socket (code 0)",[],0.5]
PDO MySQL, connection refused: ["PDOException: SQLSTATE[HY000] [2002] Connection refused (code 2002)",[],0]
phpredis, connection refused: ["RedisException: Connection refused (code 0)",[],0]
hooked, tcp:// with default_socket_timeout=1: same outcome, messages and time
hooked, http:// with the context's 'timeout' => 0.5: same outcome, messages and time
hooked, PDO::ATTR_TIMEOUT => 1, connect gets no answer: same outcome, messages and time
hooked, mysqlnd.net_read_timeout=1, silent server: same outcome, messages and time
hooked, mysqlnd.net_read_timeout=1, SELECT SLEEP(3) on MariaDB: same outcome, messages and time
hooked, phpredis read_timeout 0.5, silent server: same outcome, messages and time
hooked, PDO MySQL, connection refused: same outcome, messages and time
hooked, phpredis, connection refused: same outcome, messages and time
all at once in < 1.8 s (one by one: >= 4.5 s): true, ticker ran meanwhile: true
exit: 0
