--TEST--
ssl_key_file without ssl_cert_file fails start() with a Trident\Exception naming the key file, instead of silently serving cleartext
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
$c = tls_certs();
// Run in a child server process: if start() wrongly succeeds it serves, and must not block this test.
foreach (['set()' => 'server', 'listen()' => 'listener'] as $where => $kind) {
    try {
        $srv = new TridentTestServer(tls_php_var('KEY', $c['key']) . tls_php_var('KIND', $kind) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $KIND === 'server' ? $PORT : 0);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4] + ($KIND === 'server' ? ['ssl_key_file' => $KEY] : []));
if ($KIND === 'listener') $server->listen('127.0.0.1', $PORT, ['ssl_key_file' => $KEY]);
$server->on('Request', function ($req, $res) { $res->end('served, https=' . ($req->server['https'] ?? 'unset')); });
try {
    $server->start();
} catch (Trident\Exception $e) {
    echo 'EXCEPTION: ', $e->getMessage(), "\n";
}
PHP);
        [$rc, $out] = trident_curl(["http://127.0.0.1:{$srv->port}/"]);
        echo "$where: the server started; cleartext request: rc=$rc $out\n";
        $srv->stop();
    } catch (RuntimeException $e) {
        $msg = preg_match('/^EXCEPTION: (.*)$/m', $e->getMessage(), $m) ? $m[1] : 'no Trident\Exception; ' . $e->getMessage();
        echo "$where: ", str_replace($c['dir'], 'DIR', $msg), "\n";
    }
}
?>
--EXPECT--
set(): ssl_cert_file is required with ssl_key_file "DIR/localhost.key"
listen(): ssl_cert_file is required with ssl_key_file "DIR/localhost.key"
