--TEST--
TLS listener with open_http2_protocol: curl gets HTTP/2 via ALPN (or HTTP/1.1 when asked), and $request->server['https'] is 'on'
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
    $res->header('Content-Type', 'text/plain');
    $res->end($req->server['server_protocol'] . ' https=' . ($req->server['https'] ?? 'unset') . ' ' . $req->server['request_uri'] . "\n");
});
$server->start();
PHP);
$url = "https://127.0.0.1:{$srv->port}";
$fmt = '%{http_version} %{http_code} %{scheme}' . "\n";

[$rc, $out, $err] = trident_curl(['-k', '--http2', '-w', $fmt, "$url/h2"]);
echo "curl --http2: rc=$rc\n$out";
[$rc, $out, $err] = trident_curl(['-k', '--http1.1', '-w', $fmt, "$url/h1"]);
echo "curl --http1.1: rc=$rc\n$out";
// Several requests over one h2 connection (two URLs on one command line reuse it).
[$rc, $out, $err] = trident_curl(['-k', '--http2', '-v', "$url/a", "$url/b"]);
echo "two on one connection: rc=$rc\n$out";
echo 'connections opened: ', substr_count($err, 'Connected to'), ', reused: ', substr_count($err, 'Re-using existing connection') >= 1 ? 'yes' : 'no', "\n";
// Without -k the self-signed certificate is refused by the client; with --cacert it verifies.
[$rc] = trident_curl([$url . '/']);
echo "unverified: rc=$rc\n";
[$rc, $out] = trident_curl(['--cacert', $c['cert'], '--http2', "https://localhost:{$srv->port}/verified", '--resolve', "localhost:{$srv->port}:127.0.0.1"]);
echo "verified: rc=$rc $out";
echo $srv->stop() === '' ? "log: empty\n" : "log: not empty\n";
?>
--EXPECT--
curl --http2: rc=0
HTTP/2 https=on /h2
2 200 HTTPS
curl --http1.1: rc=0
HTTP/1.1 https=on /h1
1.1 200 HTTPS
two on one connection: rc=0
HTTP/2 https=on /a
HTTP/2 https=on /b
connections opened: 1, reused: yes
unverified: rc=60
verified: rc=0 HTTP/2 https=on /verified
log: empty
