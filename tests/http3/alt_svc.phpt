--TEST--
Alt-Svc: h3=":PORT" on HTTP/1.1 and HTTP/2 responses of a TLS listener with HTTP/3, not on cleartext listeners or when HTTP/3 is off, not doubled when the handler sets its own; per-listener open_http3_protocol
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
$tls2 = trident_free_port();
$plain = trident_free_port();
$srv = new TridentTestServer(h3_cert_vars($c) . tls_php_var('TLS2', $tls2) . tls_php_var('PLAIN', $plain) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => true,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
// A second TLS listener without HTTP/3 and a cleartext one.
$server->listen('127.0.0.1', $TLS2, ['ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => false]);
$server->listen('127.0.0.1', $PLAIN, []);
$server->on('Request', function ($req, $res) {
    if ($req->server['request_uri'] === '/own') $res->header('Alt-Svc', 'clear');
    $res->end('hi');
});
$server->start();
PHP);
$show = function (string $label, array $args) {
    [$rc, $out] = trident_curl(array_merge(['-k', '-s', '-D', '-', '-o', '/dev/null'], $args));
    preg_match_all('/^alt-svc: (.*)$/mi', $out, $m);
    echo "$label: rc=$rc ", $m[1] ? implode(' | ', array_map('trim', $m[1])) : 'no alt-svc', "\n";
};
$p = $srv->port;
$show('TLS h1', ['--http1.1', "https://127.0.0.1:$p/"]);
$show('TLS h2', ['--http2', "https://127.0.0.1:$p/"]);
$show('TLS h1 handler sets its own', ['--http1.1', "https://127.0.0.1:$p/own"]);
$show('TLS h2 handler sets its own', ['--http2', "https://127.0.0.1:$p/own"]);
$show('TLS listener without h3', ['--http2', "https://127.0.0.1:$tls2/"]);
$show('cleartext h1', ["http://127.0.0.1:$plain/"]);
$show('cleartext h2c', ['--http2-prior-knowledge', "http://127.0.0.1:$plain/"]);
$r = h3_client($p, ['/']);
echo "h3 on the advertised port: ", h3_status_summary($r), "\n";
$r = h3_client($tls2, ['/'], [], 3);
echo "h3 on the listener without it: ", h3_status_summary($r), ", handshake ", $r['handshake'] ? 'yes' : 'no', "\n";
$srv->stop();
?>
--EXPECTF--
TLS h1: rc=0 h3=":%d"; ma=86400
TLS h2: rc=0 h3=":%d"; ma=86400
TLS h1 handler sets its own: rc=0 clear
TLS h2 handler sets its own: rc=0 clear
TLS listener without h3: rc=0 no alt-svc
cleartext h1: rc=0 no alt-svc
cleartext h2c: rc=0 no alt-svc
h3 on the advertised port: 200 x1
h3 on the listener without it: no streams, handshake no
