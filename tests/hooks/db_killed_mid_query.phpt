--TEST--
Hooks: the database server is killed (SIGKILL) while a handler waits in PDO on SELECT SLEEP(5) — a private mariadbd started by this test — the request gets the driver's PDOException at once (not after 5 s), other requests were served meanwhile, and the one worker keeps serving: the next requests succeed on the same worker pid; a query to the dead server is refused with PDO's message
--SKIPIF--
<?php
require __DIR__ . '/../support/services.inc';
trident_services_skipif(['mysql'], ['curl', 'mariadbd', 'mariadb', 'kill']);
?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';
require __DIR__ . '/../server/lifecycle.inc';

// A private MariaDB on an empty data directory: no grant tables (any user gets in), nothing
// shared with the instance of scripts/services, which the other tests use.
$dir = sys_get_temp_dir() . '/trident_mdb_' . getmypid() . '_' . bin2hex(random_bytes(4));
mkdir("$dir/data", 0700, true);
$db_port = trident_free_port();
// mariadbd refuses to run as root unless told to.
$is_root = (bool)preg_match('/^Uid:\s+0\s/m', (string)file_get_contents('/proc/self/status'));
$cmd = ['mariadbd', '--no-defaults', "--datadir=$dir/data", "--socket=$dir/mysqld.sock", "--port=$db_port",
        '--bind-address=127.0.0.1', '--skip-grant-tables', '--skip-name-resolve', '--innodb-buffer-pool-size=8M',
        '--innodb-log-file-size=4M', "--log-error=$dir/error.log", "--pid-file=$dir/mariadbd.pid"];
if ($is_root) $cmd[] = '--user=root';
$db = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['file', "$dir/out.log", 'a'], 2 => ['file', "$dir/out.log", 'a']], $pipes);
$db_pid = proc_get_status($db)['pid'];
register_shutdown_function(function () use ($db, $db_pid, $dir) {
    if (proc_get_status($db)['running']) lc_kill($db_pid, 'KILL');
    proc_close($db);
    trident_run(['rm', '-rf', $dir]);
});
$sql = fn(string $q) => trident_run(['mariadb', '--no-defaults', '--protocol=tcp', '-h127.0.0.1', "-P$db_port", '-uroot',
                                     '--connect-timeout=2', '-N', '-e', $q], null, 10);
$up = lc_until(fn() => $sql('SELECT 1')[1] === "1\n", 30);
echo "private mariadbd up: ", var_export($up, true), "\n";
if (!$up) echo file_get_contents("$dir/error.log");

$srv = trident_services_server(lc_define('DB_PORT', $db_port) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) use ($DB_PORT) {
    $pid = getmypid();
    $warnings = [];
    set_error_handler(function ($no, $str) use (&$warnings) { $warnings[] = $str; return true; });
    try {
        if ($req->server['path_info'] === '/private') {
            $pdo = new PDO("mysql:host=127.0.0.1;port=$DB_PORT", 'root', '', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
            $t = microtime(true);
            try {
                $v = $pdo->query('SELECT SLEEP(5)')->fetchColumn();
                $res->end("pid $pid: no error ($v)");
            } catch (PDOException $e) {
                $res->status(500);
                $res->end(sprintf("pid %d: PDOException %s: %s, after < 4 s: %s, warnings: %s", $pid, $e->getCode(),
                    $e->getMessage(), var_export(microtime(true) - $t < 4, true), json_encode($warnings)));
            }
            return;
        }
        if ($req->server['path_info'] === '/connect-private') {
            try {
                new PDO("mysql:host=127.0.0.1;port=$DB_PORT", 'root', '', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
                $res->end("pid $pid: connected");
            } catch (PDOException $e) {
                $res->status(500);
                $res->end("pid $pid: PDOException {$e->getCode()}: {$e->getMessage()}, warnings: " . json_encode($warnings));
            }
            return;
        }
        // The shared MariaDB of scripts/services.
        $c = trident_mysql_config();
        $pdo = new PDO(trident_mysql_dsn(), $c['user'], $c['password'], [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
        $res->end("pid $pid: " . $pdo->query('SELECT 6 * 7')->fetchColumn());
    } finally {
        restore_error_handler();
    }
});
$server->start();
PHP, ['mysql']);

[, $body] = lc_get($srv->url('/shared'));
preg_match('/^pid (\d+)/', $body, $m);
$worker = $m[1] ?? '?';
echo "before: ", str_replace("pid $worker:", 'pid (same):', $body), "\n";

$query = lc_bg_get($srv->url('/private'));
$running = lc_until(fn() => trim($sql("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO = 'SELECT SLEEP(5)'")[1]) === '1', 10);
echo "query running on the private server: ", var_export($running, true), "\n";
// The worker is not stuck in the query.
[$st, $body] = lc_get($srv->url('/shared'));
echo "meanwhile: $st ", str_replace("pid $worker:", 'pid (same):', $body), "\n";
echo "SIGKILL mariadbd: ", var_export(lc_kill($db_pid, 'KILL'), true), "\n";
[$st, $body, $took] = lc_wait($query, 15);
echo "killed query: $st ", str_replace("pid $worker:", 'pid (same):', $body), "\n";
echo "answered within 3 s of the start: ", var_export($took < 3, true), "\n";
lc_until(fn() => !proc_get_status($db)['running'], 5);

for ($i = 0; $i < 3; $i++) {
    [$st, $body] = lc_get($srv->url('/shared'));
    echo "after $i: $st ", str_replace("pid $worker:", 'pid (same):', $body), "\n";
}
[$st, $body] = lc_get($srv->url('/connect-private'));
echo "dead server: $st ", str_replace("pid $worker:", 'pid (same):', $body), "\n";
$log = $srv->stop();
echo "server log: ", trim($log) === '' ? '(empty)' : $log, "\n";
?>
--EXPECT--
private mariadbd up: true
before: pid (same): 42
query running on the private server: true
meanwhile: 200 pid (same): 42
SIGKILL mariadbd: true
killed query: 500 pid (same): PDOException HY000: SQLSTATE[HY000]: General error: 2006 MySQL server has gone away, after < 4 s: true, warnings: []
answered within 3 s of the start: true
after 0: 200 pid (same): 42
after 1: 200 pid (same): 42
after 2: 200 pid (same): 42
dead server: 500 pid (same): PDOException 2002: SQLSTATE[HY000] [2002] Connection refused, warnings: []
server log: (empty)
