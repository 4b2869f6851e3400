--TEST--
Hooks with real databases over TLS: one worker (default hook_flags) serves 50 concurrent requests that each run SELECT SLEEP(0.2) on MariaDB through PDO MySQL and mysqli with TLS verified against the server's CA (mysqlnd's STARTTLS on a hooked tcp:// stream); each batch overlaps, the session's Ssl_version is TLS, and a wrong CA fails with the driver's error as without hooks
--SKIPIF--
<?php require __DIR__ . '/../support/services.inc'; trident_services_skipif(['mysql']); trident_test_skipif(['h2load']);
if (!getenv('TRIDENT_TEST_MYSQL_SSL_CA') && !is_file(dirname(__DIR__, 2) . '/_build/services/mariadb-tls.crt')) die('skip MariaDB without TLS'); ?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';
require __DIR__ . '/../tls/certs.inc';

$wrong = tls_make_cert(tls_temp_dir(), 'other.test')[0];
$code = tls_php_var('WRONG_CA', $wrong) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'max_coroutine' => 1000] + (HOOKED ? [] : ['hook_flags' => 0]));
$server->on('Request', function ($req, $res) use ($WRONG_CA) {
    $c = trident_mysql_config();
    $ca = trident_service_env('mysql', 'SSL_CA');
    try {
        switch ($req->server['path_info']) {
            case '/pdo':
            case '/pdo-wrong-ca':
                $pdo = new PDO(trident_mysql_dsn(), $c['user'], $c['password'], [
                    PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
                    PDO::MYSQL_ATTR_SSL_CA => $req->server['path_info'] === '/pdo' ? $ca : $WRONG_CA,
                    PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => true,
                ]);
                $tls = $pdo->query("SHOW SESSION STATUS LIKE 'Ssl_version'")->fetch(PDO::FETCH_NUM)[1];
                $row = $pdo->query('SELECT SLEEP(0.2) AS s, 42 AS answer')->fetch(PDO::FETCH_ASSOC);
                $res->end("pdo $tls {$row['s']} {$row['answer']}");
                return;
            case '/mysqli':
                $m = mysqli_init();
                $m->ssl_set(null, null, $ca, null, null);
                $m->options(MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, true);
                $m->real_connect($c['host'], $c['user'], $c['password'], $c['db'], $c['port'], null, MYSQLI_CLIENT_SSL);
                $tls = $m->query("SHOW SESSION STATUS LIKE 'Ssl_version'")->fetch_row()[1];
                $row = $m->query('SELECT SLEEP(0.2) AS s, 7 AS answer')->fetch_assoc();
                $res->end("mysqli $tls {$row['s']} {$row['answer']}");
                return;
        }
    } catch (Throwable $e) {
        $res->end(get_class($e) . ': ' . $e->getMessage());
    }
});
$server->start();
PHP;

function batch(TridentTestServer $srv, string $path, int $n): array {
    trident_curl([$srv->url($path)]);  // warm-up
    [$rc, $out] = trident_run(['h2load', '--h1', '-n', (string)$n, '-c', (string)$n, $srv->url($path)], null, 60);
    preg_match('/finished in ([\d.]+)(ms|s)/', $out, $m);
    $secs = $m ? ((float)$m[1]) / ($m[2] === 'ms' ? 1000 : 1) : -1;
    preg_match('/status codes: (\d+) 2xx/', $out, $s);
    [, $body] = trident_curl([$srv->url($path)]);
    return [(int)($s[1] ?? 0), $secs, $body];
}

$hooked = trident_services_server(str_replace('HOOKED', 'true', $code), ['mysql']);
foreach (['/pdo', '/mysqli'] as $path) {
    [$ok, $secs, $body] = batch($hooked, $path, 50);
    echo "$path: $ok x 2xx, overlapped (< 1.5 s, serial 10 s): ", var_export($secs > 0 && $secs < 1.5, true),
        " (", preg_replace('/TLSv1\.[23]/', 'TLS', $body), ")\n";
}
[, $hooked_error] = trident_curl([$hooked->url('/pdo-wrong-ca')]);
$hooked->stop();

$plain = trident_services_server(str_replace('HOOKED', 'false', $code), ['mysql']);
[$ok, $secs] = batch($plain, '/pdo', 5);
echo "unhooked /pdo x5: $ok x 2xx, serial (>= 1.0 s): ", var_export($secs >= 1.0, true), "\n";
[, $plain_error] = trident_curl([$plain->url('/pdo-wrong-ca')]);
$plain->stop();
echo "wrong CA: ", $hooked_error, "\n";
echo "wrong CA same as without hooks: ", var_export($hooked_error === $plain_error, true), "\n";
?>
--EXPECT--
/pdo: 50 x 2xx, overlapped (< 1.5 s, serial 10 s): true (pdo TLS 0 42)
/mysqli: 50 x 2xx, overlapped (< 1.5 s, serial 10 s): true (mysqli TLS 0 7)
unhooked /pdo x5: 5 x 2xx, serial (>= 1.0 s): true
wrong CA: PDOException: SQLSTATE[HY000] [2002] Cannot connect to MySQL using SSL
wrong CA same as without hooks: true
