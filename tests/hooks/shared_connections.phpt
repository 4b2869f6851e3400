--TEST--
Hooks: one connection used by two coroutines at once (one worker): a shared Redis object and a shared redis pconnect() (pooling off) — the second coroutine gets Trident\Coroutine\Exception naming both coroutines (as the previous of phpredis' error), the connection is shut down rather than left with replies out of order, and the next commands get their own replies; one shared PDO object — mysqlnd refuses the second query itself (2014) before sending anything; PDO::ATTR_PERSISTENT — PDO's liveness check sees the handle busy and opens another connection; results are never mixed up and the worker keeps serving
--SKIPIF--
<?php require __DIR__ . '/../support/services.inc'; trident_services_skipif(['mysql', 'redis']); ?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';
require __DIR__ . '/../server/lifecycle.inc';

$srv = trident_services_server(<<<'PHP'
// Runs $a and $b in two coroutines at once ($b starts while $a waits); what each returned or
// threw, with the coroutine ids replaced by A and B.
function two(callable $a, callable $b): array {
    $wg = new Trident\Coroutine\WaitGroup();
    $out = [];
    $cids = [];
    foreach (['A' => $a, 'B' => $b] as $k => $f) {
        $wg->add();
        Trident\Coroutine::create(function () use ($k, $f, $wg, &$out, &$cids) {
            $cids[$k] = Trident\Coroutine::getCid();
            if ($k === 'B') Trident\Coroutine::sleep(0.05);
            try {
                $out[$k] = json_encode($f());
            } catch (Throwable $e) {
                $out[$k] = get_class($e) . ': ' . $e->getMessage();
                if ($p = $e->getPrevious()) $out[$k] .= ' <- ' . get_class($p) . ': ' . $p->getMessage();
            }
            $wg->done();
        });
    }
    $wg->wait();
    foreach ($out as &$o) $o = str_replace(["coroutine #{$cids['A']}", "coroutine #{$cids['B']}"], ['coroutine #A', 'coroutine #B'], $o);
    ksort($out);
    return $out;
}
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $c = trident_mysql_config();
    $r = trident_redis_config();
    $mk = fn(array $opts = []) => new PDO(trident_mysql_dsn(), $c['user'], $c['password'], $opts + [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    $out = ['pid' => getmypid()];
    switch ($req->server['path_info']) {
        case '/redis-shared':
            $redis = new Redis();
            $redis->connect($r['host'], $r['port'], 2);
            // WAIT holds A's read for 0.3 s; B's PING goes out meanwhile, then B wants to read.
            $out += two(fn() => $redis->rawCommand('WAIT', '1', '300'), fn() => $redis->ping());
            $out['then'] = [$redis->echo('first'), $redis->echo('second')];
            break;
        case '/redis-pconnect':
            $p = function () use ($r) { $x = new Redis(); $x->pconnect($r['host'], $r['port'], 2); return $x; };
            $out += two(fn() => $p()->rawCommand('WAIT', '1', '300'), fn() => $p()->ping());
            $out['then'] = [$p()->echo('first'), $p()->echo('second')];
            break;
        case '/pdo-shared':
            $pdo = $mk();
            $out += two(fn() => $pdo->query('SELECT SLEEP(0.3), 1')->fetchAll(PDO::FETCH_NUM),
                        fn() => $pdo->query('SELECT 2')->fetchAll(PDO::FETCH_NUM));
            $out['then'] = $pdo->query('SELECT 3')->fetchAll(PDO::FETCH_NUM);
            break;
        case '/pdo-persistent':
            $ids = [];
            $q = function (string $sql) use ($mk, &$ids) {
                $row = $mk([PDO::ATTR_PERSISTENT => true])->query("$sql, CONNECTION_ID() AS id")->fetch(PDO::FETCH_NUM);
                $ids[] = array_pop($row);
                return $row;
            };
            $out += two(fn() => $q('SELECT SLEEP(0.3), 1'), fn() => $q('SELECT 2'));
            $out['then'] = $q('SELECT 3');
            $out['B on another connection than A'] = $ids[0] !== $ids[1];
            break;
        default:
            $out['ok'] = $mk()->query('SELECT 42')->fetchColumn();
    }
    $res->end(json_encode($out, JSON_UNESCAPED_SLASHES | JSON_PRETTY_PRINT));
});
$server->start();
PHP, ['mysql', 'redis'], ['redis.pconnect.pooling_enabled' => '0']);

[, $body] = lc_get($srv->url('/ok'));
$pid = json_decode($body, true)['pid'] ?? '?';
foreach (['/redis-shared', '/redis-pconnect', '/pdo-shared', '/pdo-persistent', '/ok'] as $path) {
    [$st, $body] = lc_get($srv->url($path));
    echo "$path: $st ", str_replace("\"pid\": $pid", '"pid": "(same worker)"', $body), "\n";
}
$log = $srv->stop();
echo "server log: ", trim($log) === '' ? '(empty)' : $log, "\n";
?>
--EXPECTF--
/redis-shared: 200 {
    "pid": "(same worker)",
    "A": "RedisException: socket error on read socket",
    "B": "RedisException: socket error on read socket <- Trident\\Coroutine\\Exception: Socket #%d is already being read by coroutine #A; coroutine #B cannot read it at the same time (its request was sent meanwhile: the connection is shut down, its replies would be out of order)",
    "then": [
        "first",
        "second"
    ]
}
/redis-pconnect: 200 {
    "pid": "(same worker)",
    "A": "RedisException: socket error on read socket",
    "B": "RedisException: socket error on read socket <- Trident\\Coroutine\\Exception: Socket #%d is already being read by coroutine #A; coroutine #B cannot read it at the same time (its request was sent meanwhile: the connection is shut down, its replies would be out of order)",
    "then": [
        "first",
        "second"
    ]
}
/pdo-shared: 200 {
    "pid": "(same worker)",
    "A": "[[0,1]]",
    "B": "PDOException: SQLSTATE[HY000]: General error: 2014 Cannot execute queries while other unbuffered queries are active.  Consider using PDOStatement::fetchAll().  Alternatively, if your code is only ever going to run against mysql, you may enable query buffering by setting the PDO::MYSQL_ATTR_USE_BUFFERED_QUERY attribute.",
    "then": [
        [
            3
        ]
    ]
}
/pdo-persistent: 200 {
    "pid": "(same worker)",
    "A": "[0,1]",
    "B": "[2]",
    "then": [
        3
    ],
    "B on another connection than A": true
}
/ok: 200 {
    "pid": "(same worker)",
    "ok": 42
}
server log: (empty)
