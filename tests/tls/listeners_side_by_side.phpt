--TEST--
Cleartext and TLS listeners side by side (listen()): HTTP/1.1 and h2c on the cleartext port without 'https', HTTP/1.1 and h2 over TLS on the other with https=on
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
$c = tls_certs();
$tls_port = trident_free_port();
$srv = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . "\$TLS_PORT = $tls_port;\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true]);
var_dump($server->listen('127.0.0.1', $TLS_PORT, ['ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY]));
$server->on('Request', function ($req, $res) use ($PORT, $TLS_PORT) {
    $port = (int)$req->server['server_port'];
    $which = $port === $PORT ? 'cleartext-port' : ($port === $TLS_PORT ? 'tls-port' : "port-$port");
    $res->end($req->server['server_protocol'] . ' https=' . ($req->server['https'] ?? 'unset') . ' ' . $which . "\n");
});
$server->start();
PHP);
$plain = "http://127.0.0.1:{$srv->port}/";
$tls = "https://127.0.0.1:$tls_port/";

foreach ([
    'cleartext, plain curl' => [$plain],
    'cleartext, --http2-prior-knowledge' => ['--http2-prior-knowledge', $plain],
    'tls, --http2' => ['-k', '--http2', $tls],
    'tls, --http1.1' => ['-k', '--http1.1', $tls],
    'cleartext, plain curl again' => [$plain],
] as $what => $args) {
    [$rc, $out] = trident_curl($args);
    echo "$what: rc=$rc $out";
}
// TLS bytes on the cleartext port are not TLS-terminated there: the handshake fails.
[$rc, $out] = tls_s_client($srv->port, ['-alpn', 'h2']);
echo 'TLS handshake on the cleartext port: ', $rc !== 0 && tls_alpn($out) !== 'h2' ? 'fails' : 'succeeds', "\n";
[$rc, $out] = tls_s_client($tls_port, ['-alpn', 'h2']);
echo 'TLS handshake on the TLS port: ALPN ', tls_alpn($out), ", rc=$rc\n";
$log = $srv->stop();
echo "server log:\n$log";
?>
--EXPECT--
cleartext, plain curl: rc=0 HTTP/1.1 https=unset cleartext-port
cleartext, --http2-prior-knowledge: rc=0 HTTP/2 https=unset cleartext-port
tls, --http2: rc=0 HTTP/2 https=on tls-port
tls, --http1.1: rc=0 HTTP/1.1 https=on tls-port
cleartext, plain curl again: rc=0 HTTP/1.1 https=unset cleartext-port
TLS handshake on the cleartext port: fails
TLS handshake on the TLS port: ALPN h2, rc=0
server log:
bool(true)
