--TEST--
SNI: ssl_sni_certs serves other.test's certificate to clients naming other.test (any case, over HTTP/1.1 and h2), the default certificate to others; curl verifies each name against its own CA file
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
$c = tls_certs(true);
$srv = new TridentTestServer(tls_php_var('C', $c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true,
              'ssl_cert_file' => $C['cert'], 'ssl_key_file' => $C['key'],
              'ssl_sni_certs' => ['other.test' => ['ssl_cert_file' => $C['other_cert'], 'ssl_key_file' => $C['other_key']]]]);
$server->on('Request', function ($req, $res) {
    $res->end($req->server['server_protocol'] . ' host=' . ($req->header['host'] ?? '-') . ' https=' . ($req->server['https'] ?? 'unset'));
});
$server->start();
PHP);
$port = $srv->port;

foreach ([['-servername', 'other.test'], ['-servername', 'OTHER.Test'], ['-servername', 'localhost'], ['-servername', 'unknown.test'], ['-noservername']] as $args) {
    foreach (['h2', 'http/1.1'] as $alpn) {
        [$rc, $out] = tls_s_client($port, array_merge($args, ['-alpn', $alpn]));
        printf("%-25s %-8s -> %s, ALPN %s\n", implode(' ', $args), $alpn, tls_subject($out), tls_alpn($out));
    }
}
$resolve = fn($name) => ['--resolve', "$name:$port:127.0.0.1"];
foreach ([['other.test', 'other_cert', '--http2'], ['other.test', 'other_cert', '--http1.1'],
          ['localhost', 'cert', '--http2'], ['localhost', 'cert', '--http1.1'],
          // The wrong CA for the name: verification must fail (exit 60).
          ['other.test', 'cert', '--http2'], ['localhost', 'other_cert', '--http2']] as [$name, $ca, $h]) {
    [$rc, $out] = trident_curl(array_merge($resolve($name), ['--cacert', $c[$ca], $h, "https://$name:$port/"]));
    echo "curl $h https://$name/ --cacert $ca: rc=$rc $out\n";
}
$srv->stop();
?>
--EXPECTF--
-servername other.test    h2       -> CN = other.test, ALPN h2
-servername other.test    http/1.1 -> CN = other.test, ALPN http/1.1
-servername OTHER.Test    h2       -> CN = other.test, ALPN h2
-servername OTHER.Test    http/1.1 -> CN = other.test, ALPN http/1.1
-servername localhost     h2       -> CN = localhost, ALPN h2
-servername localhost     http/1.1 -> CN = localhost, ALPN http/1.1
-servername unknown.test  h2       -> CN = localhost, ALPN h2
-servername unknown.test  http/1.1 -> CN = localhost, ALPN http/1.1
-noservername             h2       -> CN = localhost, ALPN h2
-noservername             http/1.1 -> CN = localhost, ALPN http/1.1
curl --http2 https://other.test/ --cacert other_cert: rc=0 HTTP/2 host=other.test:%d https=on
curl --http1.1 https://other.test/ --cacert other_cert: rc=0 HTTP/1.1 host=other.test:%d https=on
curl --http2 https://localhost/ --cacert cert: rc=0 HTTP/2 host=localhost:%d https=on
curl --http1.1 https://localhost/ --cacert cert: rc=0 HTTP/1.1 host=localhost:%d https=on
curl --http2 https://other.test/ --cacert cert: rc=60 
curl --http2 https://localhost/ --cacert other_cert: rc=60 
