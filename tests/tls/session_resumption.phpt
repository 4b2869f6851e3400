--TEST--
TLS session resumption with tickets: a session saved by openssl s_client -sess_out is resumed with -sess_in ("Reused"), for TLS 1.3 and TLS 1.2, and the resumed connection is served
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
$c = tls_certs();
$srv = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
// Two reactors: the connections may land on different reactor threads; tickets work on both.
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) {
    $res->end($req->server['server_protocol'] . ' https=' . ($req->server['https'] ?? 'unset'));
});
$server->start();
PHP);
$port = $srv->port;

foreach (['-tls1_3', '-tls1_2'] as $v) {
    $sess = "{$c['dir']}/session$v.pem";
    [$rc, $out] = tls_s_client($port, [$v, '-sess_out', $sess], tls_h1_close_request());
    echo "$v first:  ", tls_session_line($out), ' | ', tls_grep($out, '/(HTTP\/\S+ https=(?:on|unset))/'), ' | ticket saved: ', is_file($sess) && filesize($sess) > 0 ? 'yes' : 'no', "\n";
    for ($i = 1; $i <= 3; $i++) {
        [$rc, $out] = tls_s_client($port, [$v, '-sess_in', $sess], tls_h1_close_request());
        echo "$v resume $i: ", tls_session_line($out), ' | ', tls_grep($out, '/(HTTP\/\S+ https=(?:on|unset))/'), "\n";
    }
}
// A session from another server (different ticket keys) is not resumed: a full handshake.
$other = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY]);
$server->on('Request', function ($req, $res) { $res->end($req->server['server_protocol'] . ' https=' . ($req->server['https'] ?? 'unset')); });
$server->start();
PHP);
[$rc, $out] = tls_s_client($other->port, ['-tls1_3', '-sess_in', "{$c['dir']}/session-tls1_3.pem"], tls_h1_close_request());
echo 'other server: ', tls_session_line($out), ' | ', tls_grep($out, '/(HTTP\/\S+ https=(?:on|unset))/'), "\n";
$other->stop();
$srv->stop();
?>
--EXPECT--
-tls1_3 first:  New, TLSv1.3 | HTTP/1.1 https=on | ticket saved: yes
-tls1_3 resume 1: Reused, TLSv1.3 | HTTP/1.1 https=on
-tls1_3 resume 2: Reused, TLSv1.3 | HTTP/1.1 https=on
-tls1_3 resume 3: Reused, TLSv1.3 | HTTP/1.1 https=on
-tls1_2 first:  New, TLSv1.2 | HTTP/1.1 https=on | ticket saved: yes
-tls1_2 resume 1: Reused, TLSv1.2 | HTTP/1.1 https=on
-tls1_2 resume 2: Reused, TLSv1.2 | HTTP/1.1 https=on
-tls1_2 resume 3: Reused, TLSv1.2 | HTTP/1.1 https=on
other server: New, TLSv1.3 | HTTP/1.1 https=on
