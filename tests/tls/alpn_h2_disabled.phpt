--TEST--
TLS ALPN without open_http2_protocol: a client offering h2 and http/1.1 gets http/1.1, one offering only h2 gets no ALPN and HTTP/1.1, curl --http2 falls back to HTTP/1.1
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
$c = tls_certs();
$srv = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY]);
$server->on('Request', function ($req, $res) {
    $res->end($req->server['server_protocol'] . ' https=' . ($req->server['https'] ?? 'unset'));
});
$server->start();
PHP);

foreach (['h2,http/1.1', 'h2'] as $offer) {
    [$rc, $out] = tls_s_client($srv->port, ['-alpn', $offer], tls_h1_close_request());
    printf("offer %-11s -> ALPN %s | %s | %s\n", $offer, tls_alpn($out), tls_grep($out, '/^(HTTP\/1\.1 \d+.*)$/'), tls_grep($out, '/(HTTP\/\S+ https=(?:on|unset))/'));
}
[$rc, $out] = trident_curl(['-k', '--http2', '-w', ' %{http_version} %{http_code}', "https://127.0.0.1:{$srv->port}/"]);
echo "curl --http2: rc=$rc $out\n";
$srv->stop();
?>
--EXPECT--
offer h2,http/1.1 -> ALPN http/1.1 | HTTP/1.1 200 OK | HTTP/1.1 https=on
offer h2          -> ALPN none | HTTP/1.1 200 OK | HTTP/1.1 https=on
curl --http2: rc=0 HTTP/1.1 https=on 1.1 200
