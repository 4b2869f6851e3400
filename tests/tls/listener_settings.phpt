--TEST--
Per-listener settings: open_http2_protocol given to listen() overrides the server's setting on that listener only (TLS ALPN h2 and cleartext h2c), and each TLS listener uses its own certificate
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
$c = tls_certs(true);
$p = ['tls_h2' => trident_free_port(), 'tls_h1' => trident_free_port(), 'h2c' => trident_free_port()];
$srv = new TridentTestServer(tls_php_var('C', $c) . tls_php_var('P', $p) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
// Server-wide: no HTTP/2, TLS with the localhost certificate on the constructor's port.
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => false,
              'ssl_cert_file' => $C['cert'], 'ssl_key_file' => $C['key']]);
$server->listen('127.0.0.1', $P['tls_h2'], ['ssl_cert_file' => $C['other_cert'], 'ssl_key_file' => $C['other_key'], 'open_http2_protocol' => true]);
$server->listen('127.0.0.1', $P['tls_h1'], ['ssl_cert_file' => $C['other_cert'], 'ssl_key_file' => $C['other_key']]);
$server->listen('127.0.0.1', $P['h2c'], ['open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) {
    $res->end($req->server['server_protocol'] . ' https=' . ($req->server['https'] ?? 'unset'));
});
$server->start();
PHP);

$ports = ['main (TLS, server-wide h2 off)' => $srv->port, 'listen TLS, h2 on' => $p['tls_h2'], 'listen TLS, h2 unset' => $p['tls_h1']];
foreach ($ports as $what => $port) {
    [$rc, $out] = tls_s_client($port, ['-alpn', 'h2,http/1.1']);
    [$crc, $cout] = trident_curl(['-k', '--http2', "https://127.0.0.1:$port/"]);
    echo "$what: cert ", tls_subject($out), ', ALPN ', tls_alpn($out), ", curl --http2: $cout\n";
}
[$rc, $out] = trident_curl(['--http2-prior-knowledge', "http://127.0.0.1:{$p['h2c']}/"]);
echo "listen cleartext, h2 on: --http2-prior-knowledge rc=$rc $out\n";
[$rc, $out] = trident_curl(["http://127.0.0.1:{$p['h2c']}/"]);
echo "listen cleartext, h2 on: plain curl rc=$rc $out\n";
$srv->stop();
?>
--EXPECT--
main (TLS, server-wide h2 off): cert CN = localhost, ALPN http/1.1, curl --http2: HTTP/1.1 https=on
listen TLS, h2 on: cert CN = other.test, ALPN h2, curl --http2: HTTP/2 https=on
listen TLS, h2 unset: cert CN = other.test, ALPN http/1.1, curl --http2: HTTP/1.1 https=on
listen cleartext, h2 on: --http2-prior-knowledge rc=0 HTTP/2 https=unset
listen cleartext, h2 on: plain curl rc=0 HTTP/1.1 https=unset
