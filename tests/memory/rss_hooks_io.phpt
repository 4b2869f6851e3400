--TEST--
Memory: 50,000 requests whose handlers each run a PostgreSQL query (pdo_pgsql, libpq's poll redirected), a curl_exec() (libcurl's poll redirected), an HTTP request over a kept-alive verified tls:// stream (PHP's OpenSSL stream code in a PollScope) and a stream_select(), connections from Trident\Coroutine\Pool, leave the RSS of the master, the manager and the worker flat
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("RSS measured, and ASan's quarantine and shadow memory grow it by design; LeakSanitizer checks leaks instead");
require __DIR__ . '/../support/services.inc'; trident_services_skipif(['pgsql', 'curl'], ['h2load', 'curl', 'pgrep', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/rss.inc';
require __DIR__ . '/../support/services.inc';
require __DIR__ . '/../tls/certs.inc';

$c = tls_certs();
$tls_port = trident_free_port();
// The far side: a cleartext and a TLS listener on one Trident server.
$back = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . "\$TLS_PORT = $tls_port;\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->listen('127.0.0.1', $TLS_PORT, ['ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY]);
$server->on('Request', function ($req, $res) { $res->end('back:' . $req->server['request_uri']); });
$server->start();
PHP);

$vars = tls_php_var('CA', $c['cert']) . tls_php_var('BACK', $back->port) . tls_php_var('TLS_PORT', $tls_port);
$srv = trident_services_server($vars . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
use Trident\Coroutine\Pool;
$pg = $curl = $tls = null;
$server->on('WorkerStart', function () use (&$pg, &$curl, &$tls, $CA, $TLS_PORT) {
    $pg = new Pool(fn () => new PDO('pgsql:' . str_replace(' ', ';', trident_pgsql_conninfo()), null, null,
                                    [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]), 10);
    $curl = new Pool(function () {
        $h = curl_init();
        curl_setopt($h, CURLOPT_RETURNTRANSFER, true);
        return $h;
    }, 10);
    $tls = new Pool(fn () => stream_socket_client("tls://127.0.0.1:$TLS_PORT", $errno, $errstr, 5, STREAM_CLIENT_CONNECT,
        stream_context_create(['ssl' => ['cafile' => $CA, 'peer_name' => 'localhost']])), 10);
});
$server->on('Request', function ($req, $res) use ($server, &$pg, &$curl, &$tls, $BACK) {
    if ($req->server['request_uri'] === '/pids') {
        $res->end(implode(',', array_column($server->stats()['workers'], 'pid')));
        return;
    }
    $n = random_int(1, 1000);
    $pdo = $pg->get();
    $st = $pdo->prepare('SELECT CAST(? AS int) * 2');
    $st->execute([$n]);
    $double = $st->fetchColumn();
    $st = null;
    $pg->put($pdo);

    $h = $curl->get();
    curl_setopt($h, CURLOPT_URL, "http://127.0.0.1:$BACK/curl$n");
    $via_curl = curl_exec($h);
    $curl->put($h);

    $s = $tls->get();
    fwrite($s, "GET /tls$n HTTP/1.1\r\nHost: localhost\r\n\r\n");
    $head = '';
    while (($line = fgets($s)) !== false && $line !== "\r\n") $head .= $line;
    preg_match('/content-length: (\d+)/i', $head, $m);
    $r = [$s]; $w = $e = null;
    stream_select($r, $w, $e, 1);
    $via_tls = fread($s, (int)$m[1]);
    $tls->put($s);

    $ok = $double == 2 * $n && $via_curl === "back:/curl$n" && $via_tls === "back:/tls$n";
    $res->end($ok ? "ok\n" : "mismatch: $double $via_curl $via_tls\n");
});
$server->start();
PHP, ['pgsql', 'curl']);

[, $body] = trident_curl([$srv->url('/')]);
echo "a hooked request: ", trim($body), "\n";
$roles = rss_roles($srv, rss_worker_pids($srv));
$load = fn(int $n) => rss_h2load_summary(trident_run(['h2load', '--h1', '-n', (string)$n, '-c', '10', $srv->url('/')], null, 240)[1]);
echo "warm-up: ", $load(5000), "\n";
$before = rss_snapshot($srv);
echo "measured: ", $load(50000), "\n";
$after = rss_snapshot($srv);
echo rss_report($roles, $before, $after, 3072);
[, $body] = trident_curl([$srv->url('/')]);
echo "after: ", trim($body), "\n";
echo "log: ", json_encode(trim($srv->stop())), "\n";
$back->stop();
?>
--EXPECT--
a hooked request: ok
warm-up: 5000 of 5000 succeeded, failed 0, errored 0, timeout 0
measured: 50000 of 50000 succeeded, failed 0, errored 0, timeout 0
manager: flat
master: flat
worker: flat
after: ok
log: ""
