--TEST--
TLS versions: TLS 1.2 and TLS 1.3 handshakes succeed (openssl s_client, curl --tls-max 1.2, over HTTP/1.1 and h2); TLS 1.1 is refused with a protocol_version alert and the server keeps serving
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
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['request_uri'] === '/stats') {
        $res->end(json_encode($server->stats()));
        return;
    }
    $res->end($req->server['server_protocol'] . ' https=' . ($req->server['https'] ?? 'unset'));
});
$server->start();
PHP);
$port = $srv->port;
$failures = fn() => json_decode(trident_curl(['-k', "https://127.0.0.1:$port/stats"])[1], true)['tls_handshake_failures'] ?? 'n/a';

foreach (['-tls1_2', '-tls1_3'] as $v) {
    [$rc, $out] = tls_s_client($port, [$v], tls_h1_close_request());
    echo "s_client $v: ", tls_session_line($out), ' | ', tls_grep($out, '/^(HTTP\/1\.1 \d+.*)$/'), ' | ', tls_grep($out, '/(HTTP\/\S+ https=(?:on|unset))/'), "\n";
}
foreach (['--http1.1', '--http2'] as $h) {
    [$rc, $out, $err] = trident_curl(['-k', '-v', '--tls-max', '1.2', $h, "https://127.0.0.1:$port/"]);
    echo "curl --tls-max 1.2 $h: rc=$rc ", tls_grep($err, '/SSL connection using (TLSv[\d.]+)/'), " $out\n";
    [$rc, $out, $err] = trident_curl(['-k', '-v', '--tlsv1.3', $h, "https://127.0.0.1:$port/"]);
    echo "curl --tlsv1.3 $h: rc=$rc ", tls_grep($err, '/SSL connection using (TLSv[\d.]+)/'), " $out\n";
}

$before = $failures();
// SECLEVEL=0 lets this OpenSSL client offer TLS 1.1 at all; the refusal must come from the server.
[$rc, $out] = tls_s_client($port, ['-tls1_1', '-cipher', 'DEFAULT@SECLEVEL=0']);
echo "s_client -tls1_1: rc=$rc, ", tls_session_line($out), ', alert from server: ', preg_match('/alert protocol version/', $out) ? 'protocol version' : 'none', "\n";
[$rc, $out] = tls_s_client($port, ['-tls1', '-cipher', 'DEFAULT@SECLEVEL=0']);
echo "s_client -tls1: rc=$rc, ", tls_session_line($out), ', alert from server: ', preg_match('/alert protocol version/', $out) ? 'protocol version' : 'none', "\n";
// Counted when the server refuses the handshake; poll briefly in case the stats read races it.
$deadline = microtime(true) + 3;
while (($n = $failures() - $before) < 2 && microtime(true) < $deadline) usleep(50000);
echo 'handshake failures counted: ', $n, "\n";
[$rc, $out] = trident_curl(['-k', '--http2', "https://127.0.0.1:$port/"]);
echo "afterwards: rc=$rc $out\n";
$srv->stop();
?>
--EXPECT--
s_client -tls1_2: New, TLSv1.2 | HTTP/1.1 200 OK | HTTP/1.1 https=on
s_client -tls1_3: New, TLSv1.3 | HTTP/1.1 200 OK | HTTP/1.1 https=on
curl --tls-max 1.2 --http1.1: rc=0 TLSv1.2 HTTP/1.1 https=on
curl --tlsv1.3 --http1.1: rc=0 TLSv1.3 HTTP/1.1 https=on
curl --tls-max 1.2 --http2: rc=0 TLSv1.2 HTTP/2 https=on
curl --tlsv1.3 --http2: rc=0 TLSv1.3 HTTP/2 https=on
s_client -tls1_1: rc=1, New, (NONE), alert from server: protocol version
s_client -tls1: rc=1, New, (NONE), alert from server: protocol version
handshake failures counted: 2
afterwards: rc=0 HTTP/2 https=on
