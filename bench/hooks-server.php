<?php
// Servers and data set of bench/hooks.sh (coroutine I/O hooks on vs off).
//
//   php -n -d extension=... bench/hooks-server.php setup
//       creates the table bench_hooks (id INT PRIMARY KEY, 10,000 rows) in MariaDB and the
//       keys bench:hooks:1 .. bench:hooks:10000 in Redis, then prints "ok"
//   php -n -d extension=... bench/hooks-server.php PORT hello on|off
//       GET / answers "Hello, World!\n": no I/O in the handler
//   php -n -d extension=... bench/hooks-server.php PORT db on|off
//       GET / (or /?id=N) does one Redis GET and one primary-key SELECT for a random id
//       (or N) and answers "N <redis value> <row payload>\n". With BENCH_DB_LATENCY_MS=M in
//       the environment the SELECT also waits M ms in MariaDB (SLEEP() in its select list,
//       no CPU): a database one network hop away, as in production, rather than on loopback
//
// on:  'hook_flags' default (HOOK_ALL); each request takes its own PDO and Redis connection
//      from a Trident\Coroutine\Pool (size BENCH_POOL_SIZE, default 64) and puts it back, so
//      the worker serves other requests while one waits on a database.
// off: 'hook_flags' => 0; one PDO and one Redis connection per worker, made on its first
//      request: every call blocks the worker, so requests never interleave on a connection.
//
// Database servers: the TRIDENT_TEST_MYSQL_* and TRIDENT_TEST_REDIS_* variables that
// `scripts/services env` prints. worker_num 2, reactor_num 2.

use Trident\Coroutine\Pool;

const ROWS = 10000;

function env(string $name): string {
    $v = getenv($name);
    if ($v === false || $v === '') {
        fwrite(STDERR, "hooks-server.php: $name is not set (source <(scripts/services env))\n");
        exit(2);
    }
    return $v;
}

function pdo_connect(): PDO {
    $dsn = sprintf('mysql:host=%s;port=%d;dbname=%s;charset=utf8mb4', env('TRIDENT_TEST_MYSQL_HOST'),
        (int)env('TRIDENT_TEST_MYSQL_PORT'), env('TRIDENT_TEST_MYSQL_DB'));
    return new PDO($dsn, env('TRIDENT_TEST_MYSQL_USER'), env('TRIDENT_TEST_MYSQL_PASSWORD'), [
        PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
        PDO::ATTR_EMULATE_PREPARES => false,  // COM_STMT_EXECUTE: one round trip per lookup
        PDO::ATTR_TIMEOUT => 10,
    ]);
}

function redis_connect(): Redis {
    $r = new Redis();
    $r->connect(env('TRIDENT_TEST_REDIS_HOST'), (int)env('TRIDENT_TEST_REDIS_PORT'), 5);
    return $r;
}

// A MariaDB connection with its prepared primary-key lookup.
final class Db {
    public readonly PDOStatement $byId;
    public function __construct(public readonly PDO $pdo, int $latency_ms = 0) {
        $wait = $latency_ms > 0 ? sprintf(', SLEEP(%.3F)', $latency_ms / 1000) : '';
        $this->byId = $pdo->prepare("SELECT payload$wait FROM bench_hooks WHERE id = ?");
    }
    public function payload(int $id): string {
        $this->byId->execute([$id]);
        $v = $this->byId->fetchColumn();
        $this->byId->closeCursor();
        return (string)$v;
    }
}

function payload_of(int $id): string { return str_repeat(sprintf('%05d', $id), 20); }  // 100 bytes

function setup(): void {
    $pdo = pdo_connect();
    $pdo->exec('DROP TABLE IF EXISTS bench_hooks');
    $pdo->exec('CREATE TABLE bench_hooks (id INT NOT NULL PRIMARY KEY, payload VARCHAR(200) NOT NULL) ENGINE=InnoDB');
    $pdo->beginTransaction();
    $ins = $pdo->prepare('INSERT INTO bench_hooks (id, payload) VALUES ' . implode(',', array_fill(0, 500, '(?,?)')));
    for ($base = 1; $base <= ROWS; $base += 500) {
        $args = [];
        for ($id = $base; $id < $base + 500; $id++) array_push($args, $id, payload_of($id));
        $ins->execute($args);
    }
    $pdo->commit();
    $pdo->query('ANALYZE TABLE bench_hooks')->fetchAll();
    $redis = redis_connect();
    $p = $redis->multi(Redis::PIPELINE);
    for ($id = 1; $id <= ROWS; $id++) $p->set("bench:hooks:$id", "r$id");
    $p->exec();
    $n = (int)$pdo->query('SELECT COUNT(*) FROM bench_hooks')->fetchColumn();
    $check = (new Db($pdo))->payload(ROWS) === payload_of(ROWS) && $redis->get('bench:hooks:' . ROWS) === 'r' . ROWS;
    if ($n !== ROWS || !$check) {
        fwrite(STDERR, "hooks-server.php: setup check failed ($n rows)\n");
        exit(1);
    }
    echo "ok\n";
}

if (($argv[1] ?? '') === 'setup' && $argc === 2) {
    setup();
    exit(0);
}

$port = (int)($argv[1] ?? 0);
$mode = $argv[2] ?? '';
$hooks = $argv[3] ?? '';
if ($argc !== 4 || $port <= 0 || !in_array($mode, ['hello', 'db'], true) || !in_array($hooks, ['on', 'off'], true)) {
    fwrite(STDERR, "usage: hooks-server.php setup | PORT hello|db on|off\n");
    exit(2);
}

$settings = ['worker_num' => 2, 'reactor_num' => 2, 'log_level' => Trident\Http\Server::LOG_WARNING];
if ($hooks === 'off') $settings['hook_flags'] = 0;

$s = new Trident\Http\Server('127.0.0.1', $port);
$s->set($settings);
// bench/hooks.sh checks this line: the variant runs with the hooks it claims.
$s->on('WorkerStart', function ($server, int $id) {
    fwrite(STDERR, "worker $id hook_flags " . Trident\Runtime::getHookFlags() . "\n");
});

if ($mode === 'hello') {
    $s->on('Request', function ($req, $res) {
        $res->header('Content-Type', 'text/plain');
        $res->end("Hello, World!\n");
    });
} elseif ($hooks === 'on') {
    $size = (int)(getenv('BENCH_POOL_SIZE') ?: 64);
    $latency = (int)getenv('BENCH_DB_LATENCY_MS');
    $dbs = new Pool(fn() => new Db(pdo_connect(), $latency), $size);
    $redises = new Pool(fn() => redis_connect(), $size);
    $s->on('Request', function ($req, $res) use ($dbs, $redises) {
        $id = (int)($req->get['id'] ?? mt_rand(1, ROWS));
        // A connection that threw is forgotten (put(null)): the pool makes a fresh one.
        $redis = $redises->get();
        try {
            $v = $redis->get("bench:hooks:$id");
        } catch (Throwable $e) {
            $redises->put(null);
            throw $e;
        }
        $redises->put($redis);
        $db = $dbs->get();
        try {
            $payload = $db->payload($id);
        } catch (Throwable $e) {
            $dbs->put(null);
            throw $e;
        }
        $dbs->put($db);
        $res->header('Content-Type', 'text/plain');
        $res->end("$id $v $payload\n");
    });
} else {
    $db = null;
    $redis = null;
    $latency = (int)getenv('BENCH_DB_LATENCY_MS');
    $s->on('Request', function ($req, $res) use (&$db, &$redis, $latency) {
        $db ??= new Db(pdo_connect(), $latency);
        $redis ??= redis_connect();
        $id = (int)($req->get['id'] ?? mt_rand(1, ROWS));
        $v = $redis->get("bench:hooks:$id");
        $payload = $db->payload($id);
        $res->header('Content-Type', 'text/plain');
        $res->end("$id $v $payload\n");
    });
}
$s->start();
