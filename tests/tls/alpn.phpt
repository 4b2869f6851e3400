--TEST--
TLS ALPN with open_http2_protocol: openssl s_client offering h2 gets h2, offering http/1.1 gets http/1.1, offering both gets h2 (server preference), offering none is served as HTTP/1.1
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
$c = tls_certs();
$srv = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) {
    $res->end($req->server['server_protocol'] . ' https=' . ($req->server['https'] ?? 'unset'));
});
$server->start();
PHP);

foreach (['h2', 'http/1.1', 'http/1.1,h2', 'h2,http/1.1', 'spdy/3.1', null] as $offer) {
    $args = $offer === null ? [] : ['-alpn', $offer];
    [$rc, $out] = tls_s_client($srv->port, $args);
    printf("offer %-12s -> ALPN %s, rc=%d\n", $offer ?? '(none)', tls_alpn($out), $rc);
}
// Where the server chose http/1.1 (or nothing), the connection speaks HTTP/1.1.
foreach (['http/1.1', null] as $offer) {
    $args = $offer === null ? [] : ['-alpn', $offer];
    [$rc, $out] = tls_s_client($srv->port, $args, tls_h1_close_request());
    printf("offer %-12s -> %s | %s\n", $offer ?? '(none)', tls_grep($out, '/^(HTTP\/1\.1 \d+.*)$/'), tls_grep($out, '/(HTTP\/\S+ https=(?:on|unset))/'));
}
// Where it chose h2, it speaks HTTP/2: the server's first bytes are a SETTINGS frame, and
// HTTP/1.1 text is answered with GOAWAY (and no HTTP/1.1 response).
[$rc, $out] = tls_s_client($srv->port, ['-alpn', 'h2'], tls_h1_close_request());
echo 'h2 connection answered HTTP/1.1 text with HTTP/1.1: ', str_contains($out, 'HTTP/1.1 200') ? 'yes' : 'no', "\n";
// nghttp over TLS negotiates h2 as well and gets a 200 on that connection.
[$rc, $out, $err] = trident_run(['nghttp', '-nv', "https://127.0.0.1:{$srv->port}/"], null, 10);
echo 'nghttp: ', tls_grep($out, '/negotiated protocol: (\S+)/'), ' ', tls_grep($out, '/recv \(stream_id=\d+\) (:status: \d+)/'), "\n";
$srv->stop();
?>
--EXPECT--
offer h2           -> ALPN h2, rc=0
offer http/1.1     -> ALPN http/1.1, rc=0
offer http/1.1,h2  -> ALPN h2, rc=0
offer h2,http/1.1  -> ALPN h2, rc=0
offer spdy/3.1     -> ALPN none, rc=0
offer (none)       -> ALPN none, rc=0
offer http/1.1     -> HTTP/1.1 200 OK | HTTP/1.1 https=on
offer (none)       -> HTTP/1.1 200 OK | HTTP/1.1 https=on
h2 connection answered HTTP/1.1 text with HTTP/1.1: no
nghttp: h2 :status: 200
