--TEST--
HOOK_PGSQL: a name lookup inside libpq's connect that takes as long as the test wants does not block the worker: the server runs in its own mount namespace whose /etc/resolv.conf points at a DNS responder of the test (UDP on a 127/8 address) that holds each query until released; while a PDO connect to host=slowdb waits for its answer the worker serves other requests (a PostgreSQL query by IP, a ticker keeps ticking), then the connect completes with the answer; unknown names give the drivers' "could not translate host name" errors after the same wait; with HOOK_PGSQL off the same lookup blocks the whole worker and gives the same errors
--SKIPIF--
<?php
require __DIR__ . '/../support/services.inc';
trident_services_skipif(['pgsql'], ['curl', 'unshare', 'mount']);
// A private mount namespace and port 53: root (CAP_SYS_ADMIN, CAP_NET_BIND_SERVICE).
[$code, , $err] = trident_run(['unshare', '-m', 'sh', '-c', 'mount --bind /etc/resolv.conf /etc/resolv.conf'], null, 10);
if ($code !== 0) die('skip no private mount namespace (unshare -m, mount --bind need root): ' . trim($err));
?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';
require_once __DIR__ . '/hooks.inc';

// --- the DNS responder: a separate process answering A queries for "slowdb" with 127.0.0.1,
// AAAA with no data, anything else with NXDOMAIN. In "hold" mode it keeps every query until
// "release" on its stdin (then answers what it holds and answers at once until "hold").
$responder = <<<'PHP'
<?php
[, $addr] = $argv;
$sock = stream_socket_server("udp://$addr:53", $errno, $errstr, STREAM_SERVER_BIND);
if (!$sock) { echo "bind failed: $errstr\n"; exit(1); }
function answer(string $q): string {
    $pos = 12;
    $labels = [];
    while (($len = ord($q[$pos])) > 0) { $labels[] = substr($q, $pos + 1, $len); $pos += $len + 1; }
    $type = unpack('n', $q, $pos + 1)[1];
    $question = substr($q, 12, $pos + 5 - 12);
    $name = strtolower(implode('.', $labels));
    $known = $name === 'slowdb';
    $an = $known && $type === 1 ? pack('nnnNn', 0xC00C, 1, 1, 60, 4) . inet_pton('127.0.0.1') : '';
    return substr($q, 0, 2) . pack('nnnnn', $known ? 0x8180 : 0x8183, 1, $an === '' ? 0 : 1, 0, 0) . $question . $an;
}
function name_of(string $q): string {
    $pos = 12; $labels = [];
    while (($len = ord($q[$pos])) > 0) { $labels[] = substr($q, $pos + 1, $len); $pos += $len + 1; }
    return implode('.', $labels) . ' ' . unpack('n', $q, $pos + 1)[1];
}
echo "ready\n";
$hold = false;
$held = [];
for (;;) {
    $r = [$sock, STDIN]; $w = $e = null;
    if (stream_select($r, $w, $e, 30) === 0) exit(0);
    foreach ($r as $s) {
        if ($s === STDIN) {
            $cmd = fgets(STDIN);
            if ($cmd === false) exit(0);
            if (trim($cmd) === 'hold') { $hold = true; echo "holding\n"; continue; }
            $hold = false;
            foreach ($held as [$q, $peer]) stream_socket_sendto($sock, answer($q), 0, $peer);
            echo "released ", count($held), "\n";
            $held = [];
            continue;
        }
        $q = stream_socket_recvfrom($sock, 1500, 0, $peer);
        if (strlen($q) < 17) continue;
        echo "query ", name_of($q), "\n";
        if ($hold) $held[] = [$q, $peer]; else stream_socket_sendto($sock, answer($q), 0, $peer);
    }
}
PHP;
$dir = sys_get_temp_dir() . '/trident_slowdns_' . getmypid();
@mkdir($dir);
file_put_contents("$dir/responder.php", $responder);
// A 127/8 address of its own, so that parallel runs never share a responder.
for ($attempt = 0; ; $attempt++) {
    $addr = sprintf('127.%d.%d.%d', random_int(1, 254), random_int(1, 254), random_int(2, 254));
    $dns = proc_open([PHP_BINARY, '-n', "$dir/responder.php", $addr], [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $dp);
    $first = fgets($dp[1]);
    if ($first === "ready\n") break;
    proc_close($dns);
    if ($attempt === 5) die("responder: $first");
}
stream_set_blocking($dp[1], false);
$dns_out = '';
// The next line of the responder starting with $prefix (waits up to $timeout s), or null.
$dns_line = function (string $prefix, float $timeout = 5.0) use ($dp, &$dns_out): ?string {
    $deadline = microtime(true) + $timeout;
    for (;;) {
        while (($nl = strpos($dns_out, "\n")) !== false) {
            $line = substr($dns_out, 0, $nl);
            $dns_out = substr($dns_out, $nl + 1);
            if (str_starts_with($line, $prefix)) return $line;
        }
        if (($left = $deadline - microtime(true)) <= 0) return null;
        $r = [$dp[1]]; $w = $e = null;
        if (stream_select($r, $w, $e, 0, (int)min(100000, $left * 1e6)) > 0) $dns_out .= (string)fread($dp[1], 4096);
    }
};
$dns_cmd = function (string $cmd, string $ack) use ($dp, $dns_line): string {
    fwrite($dp[0], "$cmd\n");
    return (string)$dns_line($ack);
};
file_put_contents("$dir/resolv.conf", "nameserver $addr\noptions timeout:20 attempts:1\n");

$code = 'require_once ' . var_export(realpath(__DIR__ . '/../support/services.inc'), true) . ";\n" . <<<'PHP'
function conninfo(string $host): string {
    return preg_replace("/^host='[^']*'/", "host='" . addcslashes($host, "'\\") . "'", trident_pgsql_conninfo());
}
$ticks = 0;
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('WorkerStart', function () use (&$ticks) {
    Trident\go(function () use (&$ticks) { for (;;) { Trident\Coroutine::sleep(0.02); $ticks++; } });
});
$server->on('Request', function ($req, $res) use (&$ticks) {
    $host = $req->get['host'] ?? '';
    switch ($req->server['path_info']) {
        case '/ticks':
            $res->end((string)$ticks);
            return;
        case '/by-ip':
            $pdo = new PDO('pgsql:' . trident_pgsql_conninfo());
            $res->end('by ip: ' . $pdo->query('SELECT 6 * 7')->fetchColumn());
            return;
        case '/connect':
            $flags = Trident\Runtime::getHookFlags();
            if (($req->get['hook'] ?? '1') === '0') Trident\Runtime::enableCoroutine($flags & ~Trident\Runtime::HOOK_PGSQL);
            $t = microtime(true);
            $t0 = $ticks;
            if ($req->get['api'] === 'pdo') {
                try {
                    $pdo = new PDO('pgsql:' . conninfo($host));
                    $out = 'connected, ' . $pdo->query("SELECT 'answer ' || 6 * 7")->fetchColumn();
                } catch (PDOException $e) {
                    $out = $e->getMessage();
                }
            } else {
                error_clear_last();
                $c = @pg_connect(conninfo($host), PGSQL_CONNECT_FORCE_NEW);
                $out = $c ? 'connected, ' . pg_fetch_result(pg_query($c, "SELECT 'answer ' || 6 * 7"), 0, 0) : error_get_last()['message'];
            }
            Trident\Runtime::enableCoroutine($flags);
            $res->end(sprintf("%s\n(ticks meanwhile: %d, waited %.1f s)", $out, $ticks - $t0, microtime(true) - $t));
            return;
    }
});
$server->start();
PHP;
$prefix = ['unshare', '-m', 'sh', '-c', 'mount --bind "$1" /etc/resolv.conf && shift && exec "$@"', 'sh', "$dir/resolv.conf"];
$srv = new TridentTestServer($code, null, [], trident_services_extensions(['pgsql']), $prefix);

// A request whose response is awaited later; whether it has been answered yet.
$answered = function (array $st): bool {
    $r = array_values($st['socks']); $w = $e = null;
    return $r === [] || stream_select($r, $w, $e, 0) > 0;
};

foreach ([['pdo', 'slowdb'], ['pdo', 'missingdb'], ['pg', 'missingdb']] as [$api, $host]) {
    echo "--- $api, host=$host, HOOK_PGSQL on\n";
    echo "responder: ", $dns_cmd('hold', 'holding'), "\n";
    $st = cs_parallel_start($srv->port, ["/connect?api=$api&host=$host"]);
    echo "responder got: ", $dns_line("query $host ") !== null ? "the query for $host" : 'nothing', "\n";
    $t = microtime(true);
    $body = trident_curl([$srv->url('/by-ip')], 10)[1];
    $ticks = (int)trident_curl([$srv->url('/ticks')], 10)[1];
    usleep(300000);
    $later = (int)trident_curl([$srv->url('/ticks')], 10)[1];
    echo "meanwhile: $body within 2 s: ", var_export(microtime(true) - $t < 2, true),
        "; the ticker ticks: ", var_export($later - $ticks >= 5, true), "; the connect still waits: ", var_export(!$answered($st), true), "\n";
    echo "responder: ", $dns_cmd('release', 'released'), "\n";
    $r = cs_parallel_finish($st, 15);
    echo "connect: ", $r['res'][0][0], " ", preg_replace('/ticks meanwhile: [1-9]\d+, waited [0-9.]+ s/', 'ticks meanwhile: many', $r['res'][0][1]), "\n";
}

echo "--- HOOK_PGSQL off\n";
foreach (['pdo', 'pg'] as $api) {
    echo "responder: ", $dns_cmd('hold', 'holding'), "\n";
    $st = cs_parallel_start($srv->port, ["/connect?api=$api&host=missingdb&hook=0"]);
    echo "responder got: ", $dns_line('query missingdb ') !== null ? 'the query for missingdb' : 'nothing', "\n";
    $other = cs_parallel_start($srv->port, ['/by-ip']);
    usleep(1000000);
    echo "after 1 s, the worker has not served another request: ", var_export(!$answered($other), true), "\n";
    echo "responder: ", $dns_cmd('release', 'released'), "\n";
    $r = cs_parallel_finish($st, 15);
    echo "connect: ", $r['res'][0][0], " ", preg_replace('/\(ticks meanwhile: 0, waited 1\.\d s\)|\(ticks meanwhile: 0, waited 2\.\d s\)/', '(no tick while it blocked)', $r['res'][0][1]), "\n";
    $o = cs_parallel_finish($other, 15);
    echo "then the other request: ", $o['res'][0][0], " ", $o['res'][0][1], "\n";
}

fclose($dp[0]);
proc_close($dns);
$log = $srv->stop();
echo "server log: ", trim($log) === '' ? '(empty)' : $log, "\n";
@unlink("$dir/responder.php");
@unlink("$dir/resolv.conf");
@rmdir($dir);
?>
--EXPECT--
--- pdo, host=slowdb, HOOK_PGSQL on
responder: holding
responder got: the query for slowdb
meanwhile: by ip: 42 within 2 s: true; the ticker ticks: true; the connect still waits: true
responder: released 2
connect: 200 connected, answer 42
(ticks meanwhile: many)
--- pdo, host=missingdb, HOOK_PGSQL on
responder: holding
responder got: the query for missingdb
meanwhile: by ip: 42 within 2 s: true; the ticker ticks: true; the connect still waits: true
responder: released 2
connect: 200 SQLSTATE[08006] [7] could not translate host name "missingdb" to address: Name or service not known
(ticks meanwhile: many)
--- pg, host=missingdb, HOOK_PGSQL on
responder: holding
responder got: the query for missingdb
meanwhile: by ip: 42 within 2 s: true; the ticker ticks: true; the connect still waits: true
responder: released 2
connect: 200 pg_connect(): Unable to connect to PostgreSQL server: could not translate host name "missingdb" to address: Name or service not known
(ticks meanwhile: many)
--- HOOK_PGSQL off
responder: holding
responder got: the query for missingdb
after 1 s, the worker has not served another request: true
responder: released 2
connect: 200 SQLSTATE[08006] [7] could not translate host name "missingdb" to address: Name or service not known
(no tick while it blocked)
then the other request: 200 by ip: 42
responder: holding
responder got: the query for missingdb
after 1 s, the worker has not served another request: true
responder: released 2
connect: 200 pg_connect(): Unable to connect to PostgreSQL server: could not translate host name "missingdb" to address: Name or service not known
(no tick while it blocked)
then the other request: 200 by ip: 42
server log: (empty)
