--TEST--
TLS session ticket keys rotate (ssl_ticket_key_lifetime): a saved TLS 1.3 and TLS 1.2 session resumes at once, no longer after two lifetimes (a full handshake instead), and a session saved with the new keys resumes again; bad values are refused
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['openssl']); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
$c = tls_certs();
$srv = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 2, 'log_level' => 4, 'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY,
              'ssl_ticket_key_lifetime' => 1]);
$server->on('Request', function ($req, $res) { $res->end('ok'); });
$server->start();
PHP);
$port = $srv->port;
foreach (['-tls1_3', '-tls1_2'] as $v) {
    $sess = "{$c['dir']}/s$v.pem";
    $line = fn(array $a) => tls_session_line(tls_s_client($port, array_merge([$v], $a), tls_h1_close_request())[1]);
    echo "$v saved: ", $line(['-sess_out', $sess]), "\n";
    echo "$v at once: ", $line(['-sess_in', $sess]), "\n";
    usleep(2600000);   // two lifetimes and more
    echo "$v after 2.6 s: ", $line(['-sess_in', $sess]), "\n";
    echo "$v saved again: ", $line(['-sess_out', $sess]), "\n";
    echo "$v at once: ", $line(['-sess_in', $sess]), "\n";
}
$srv->stop();
$s = new Trident\Http\Server('127.0.0.1', trident_free_port());
var_dump($s->set(['ssl_ticket_key_lifetime' => 0.5]));
?>
--EXPECTF--
-tls1_3 saved: New, TLSv1.3
-tls1_3 at once: Reused, TLSv1.3
-tls1_3 after 2.6 s: New, TLSv1.3
-tls1_3 saved again: New, TLSv1.3
-tls1_3 at once: Reused, TLSv1.3
-tls1_2 saved: New, TLSv1.2
-tls1_2 at once: Reused, TLSv1.2
-tls1_2 after 2.6 s: New, TLSv1.2
-tls1_2 saved again: New, TLSv1.2
-tls1_2 at once: Reused, TLSv1.2

Warning: Trident\Http\Server::set(): Setting "ssl_ticket_key_lifetime" must be a number of seconds >= 1, 0.5 given in %s on line %d
bool(false)
