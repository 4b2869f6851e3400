--TEST--
HOOK_PGSQL: a name lookup inside libpq's connect that takes as long as the test wants does not block the worker: the server runs in its own mount namespace whose /etc/resolv.conf points at a DNS responder of the test (UDP on a 127/8 address) that holds each query until released; while a PDO connect to host=slowdb waits for its answer the worker serves other requests (a PostgreSQL query by IP, a ticker keeps ticking), then the connect completes with the answer; unknown names give the drivers' "could not translate host name" errors after the same wait; with HOOK_PGSQL off the same lookup blocks the whole worker and gives the same errors; a background coroutine waiting for its lookup when the worker stops does not hold the stop up (its connect fails with "System error")
--SKIPIF--
<?php
require __DIR__ . '/../support/services.inc';
trident_services_skipif(['pgsql']);
require __DIR__ . '/dns_responder.inc';
dns_responder_skipif();
?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';
require_once __DIR__ . '/hooks.inc';
require_once __DIR__ . '/dns_responder.inc';

$dns = new DnsResponder();
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
        case '/connect-in-background':
            // A coroutine of its own (the request ends now): cancelled when the worker stops.
            Trident\go(function () use ($host) {
                try {
                    new PDO('pgsql:' . conninfo($host));
                    error_log('connected?');
                } finally {
                    error_log('finally ran');
                }
            });
            $res->end('started');
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
$srv = new TridentTestServer($code, null, [], trident_services_extensions(['pgsql']), $dns->server_prefix());

// A request whose response is awaited later; whether it has been answered yet.
$answered = function (array $st): bool {
    $r = array_values($st['socks']); $w = $e = null;
    return $r === [] || stream_select($r, $w, $e, 0) > 0;
};

foreach ([['pdo', 'slowdb'], ['pdo', 'missingdb'], ['pg', 'missingdb']] as [$api, $host]) {
    echo "--- $api, host=$host, HOOK_PGSQL on\n";
    echo "responder: ", $dns->command('hold'), "\n";
    $st = cs_parallel_start($srv->port, ["/connect?api=$api&host=$host"]);
    echo "responder got: ", $dns->line("query $host ") !== null ? "the query for $host" : 'nothing', "\n";
    $t = microtime(true);
    $body = trident_curl([$srv->url('/by-ip')], 10)[1];
    $ticks = (int)trident_curl([$srv->url('/ticks')], 10)[1];
    usleep(300000);
    $later = (int)trident_curl([$srv->url('/ticks')], 10)[1];
    echo "meanwhile: $body within 2 s: ", var_export(microtime(true) - $t < 2, true),
        "; the ticker ticks: ", var_export($later - $ticks >= 5, true), "; the connect still waits: ", var_export(!$answered($st), true), "\n";
    echo "responder: ", $dns->command('release'), "\n";
    $r = cs_parallel_finish($st, 15);
    echo "connect: ", $r['res'][0][0], " ", preg_replace('/ticks meanwhile: [1-9]\d+, waited [0-9.]+ s/', 'ticks meanwhile: many', $r['res'][0][1]), "\n";
}

echo "--- HOOK_PGSQL off\n";
foreach (['pdo', 'pg'] as $api) {
    echo "responder: ", $dns->command('hold'), "\n";
    $st = cs_parallel_start($srv->port, ["/connect?api=$api&host=missingdb&hook=0"]);
    echo "responder got: ", $dns->line('query missingdb ') !== null ? 'the query for missingdb' : 'nothing', "\n";
    $other = cs_parallel_start($srv->port, ['/by-ip']);
    usleep(1000000);
    echo "after 1 s, the worker has not served another request: ", var_export(!$answered($other), true), "\n";
    echo "responder: ", $dns->command('release'), "\n";
    $r = cs_parallel_finish($st, 15);
    echo "connect: ", $r['res'][0][0], " ", preg_replace('/\(ticks meanwhile: 0, waited 1\.\d s\)|\(ticks meanwhile: 0, waited 2\.\d s\)/', '(no tick while it blocked)', $r['res'][0][1]), "\n";
    $o = cs_parallel_finish($other, 15);
    echo "then the other request: ", $o['res'][0][0], " ", $o['res'][0][1], "\n";
}

// A connect waiting for its lookup when the worker stops: the worker does not wait for the
// answer (the resolver would give up after 20 s).
echo "--- worker stop during a lookup\n";
echo "responder: ", $dns->command('hold'), "\n";
echo "request: ", trident_curl([$srv->url('/connect-in-background?host=slowdb')], 10)[1], "\n";
echo "responder got: ", $dns->line('query slowdb ') !== null ? 'the query for slowdb' : 'nothing', "\n";
$t = microtime(true);
$log = $srv->stop();
echo "stopped within 2 s: ", var_export(microtime(true) - $t < 2, true), "\n";
// The lookup fails with ECANCELED, so libpq's connect fails and PDO throws its own exception
// (which, as for any exception thrown while a coroutine is being cancelled, ends it with a
// warning in the log).
preg_match('/Uncaught PDOException: (.*) in /', $log, $m);
echo "finally ran: ", var_export(str_contains($log, 'finally ran'), true), "; the driver's error: ", $m[1] ?? $log, "\n";
$dns->stop();
?>
--EXPECT--
--- pdo, host=slowdb, HOOK_PGSQL on
responder: ok hold
responder got: the query for slowdb
meanwhile: by ip: 42 within 2 s: true; the ticker ticks: true; the connect still waits: true
responder: released 2
connect: 200 connected, answer 42
(ticks meanwhile: many)
--- pdo, host=missingdb, HOOK_PGSQL on
responder: ok hold
responder got: the query for missingdb
meanwhile: by ip: 42 within 2 s: true; the ticker ticks: true; the connect still waits: true
responder: released 2
connect: 200 SQLSTATE[08006] [7] could not translate host name "missingdb" to address: Name or service not known
(ticks meanwhile: many)
--- pg, host=missingdb, HOOK_PGSQL on
responder: ok hold
responder got: the query for missingdb
meanwhile: by ip: 42 within 2 s: true; the ticker ticks: true; the connect still waits: true
responder: released 2
connect: 200 pg_connect(): Unable to connect to PostgreSQL server: could not translate host name "missingdb" to address: Name or service not known
(ticks meanwhile: many)
--- HOOK_PGSQL off
responder: ok hold
responder got: the query for missingdb
after 1 s, the worker has not served another request: true
responder: released 2
connect: 200 SQLSTATE[08006] [7] could not translate host name "missingdb" to address: Name or service not known
(no tick while it blocked)
then the other request: 200 by ip: 42
responder: ok hold
responder got: the query for missingdb
after 1 s, the worker has not served another request: true
responder: released 2
connect: 200 pg_connect(): Unable to connect to PostgreSQL server: could not translate host name "missingdb" to address: Name or service not known
(no tick while it blocked)
then the other request: 200 by ip: 42
--- worker stop during a lookup
responder: ok hold
request: started
responder got: the query for slowdb
stopped within 2 s: true
finally ran: true; the driver's error: SQLSTATE[08006] [7] could not translate host name "slowdb" to address: System error
