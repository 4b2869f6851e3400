--TEST--
HTTP/2 :authority and a differing Host header: :authority wins (RFC 9113 8.3.1), $req->header['host'] is the :authority; without :authority the Host header is used; nghttp -H 'host: ...', curl -H 'Host: ...' and raw frames, h2c and TLS
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl', 'nghttp', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
require __DIR__ . '/../tls/certs.inc';
$c = tls_certs();
$tls_port = trident_free_port();
$srv = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . "\$TLS_PORT = $tls_port;\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->listen('127.0.0.1', $TLS_PORT, ['ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY]);
$server->on('Request', function ($req, $res) {
    // Every place the request could show the other name: header values and $server values.
    $leak = [];
    foreach (['header' => $req->header, 'server' => $req->server] as $where => $a) {
        foreach ($a as $k => $v) if (is_string($v) && str_contains($v, 'from-host')) $leak[] = "$where.$k";
    }
    $res->end('host=' . ($req->header['host'] ?? '(none)') . ' x=' . ($req->header['x-check'] ?? '-')
        . ' host-name-seen-in=' . ($leak ? implode(',', $leak) : 'nowhere') . "\n");
});
$server->start();
PHP);

/** A request's header block: the pseudo-header fields given, then $fields (literal names). */
function block(array $pseudo, array $fields): string {
    $idx = [':authority' => 1, ':method' => 2, ':path' => 4, ':scheme' => 6];
    $b = '';
    foreach ($pseudo as $n => $v) $b .= h2_hpack_literal($idx[$n], $v);
    foreach ($fields as $n => $v) $b .= h2_hpack_literal($n, $v);
    return $b;
}

$get = [':method' => 'GET', ':scheme' => 'http', ':path' => '/'];
$raw = [
    ':authority and a differing host' => [$get + [':authority' => 'from-authority.example'], ['host' => 'from-host.example', 'x-check' => '1']],
    ':authority with a port, host without' => [$get + [':authority' => 'from-authority.example:8443'], ['host' => 'from-host.example']],
    ':authority only' => [$get + [':authority' => 'from-authority.example'], ['x-check' => '3']],
    'host only (no :authority)' => [$get, ['host' => 'from-host.example', 'x-check' => '4']],
];
foreach ([[$srv->port, false, 'h2c'], [$tls_port, true, 'TLS']] as [$port, $tls, $label]) {
    $cl = new H2Raw($port, true, [], $tls);
    $cl->handshake();
    $sid = 1;
    foreach ($raw as $name => [$pseudo, $fields]) {
        $cl->send(h2_headers_frame($sid, block($pseudo, $fields)));
        [$st, , $body, $how] = $cl->response($sid);
        echo "$label $name: $st $how ", $body;
        $sid += 2;
    }
    $cl->close();
}

// nghttp sends -H 'host: ...' as a host header next to its own :authority (the URL's).
[$rc, $out, $err] = trident_run(['nghttp', '-v', '-H', 'host: from-host.example', $srv->url('/nghttp')], null, 15);
preg_match_all('/^\s+(:authority|host): (\S+)$/m', $out, $m, PREG_SET_ORDER);
echo 'nghttp sends: ', implode(', ', array_map(fn($x) => "$x[1]=" . str_replace((string)$srv->port, 'PORT', $x[2]), $m)), "\n";
echo 'nghttp gets: ', preg_match('/^host=.*$/m', $out, $m) ? str_replace((string)$srv->port, 'PORT', $m[0]) : "? (exit $rc)", "\n";
// curl turns a Host header into the :authority and sends no host field.
[$rc, $out, $err] = trident_curl(['-v', '--http2-prior-knowledge', '-H', 'Host: from-host.example', $srv->url('/curl')]);
echo 'curl sends: ', preg_match('/\[:authority: (\S+)\]/', $err, $m) ? ":authority=$m[1]" : '?', "\n";
echo 'curl gets: ', $out;
$srv->stop();
?>
--EXPECT--
h2c :authority and a differing host: 200 end host=from-authority.example x=1 host-name-seen-in=nowhere
h2c :authority with a port, host without: 200 end host=from-authority.example:8443 x=- host-name-seen-in=nowhere
h2c :authority only: 200 end host=from-authority.example x=3 host-name-seen-in=nowhere
h2c host only (no :authority): 200 end host=from-host.example x=4 host-name-seen-in=header.host
TLS :authority and a differing host: 200 end host=from-authority.example x=1 host-name-seen-in=nowhere
TLS :authority with a port, host without: 200 end host=from-authority.example:8443 x=- host-name-seen-in=nowhere
TLS :authority only: 200 end host=from-authority.example x=3 host-name-seen-in=nowhere
TLS host only (no :authority): 200 end host=from-host.example x=4 host-name-seen-in=header.host
nghttp sends: :authority=127.0.0.1:PORT, host=from-host.example
nghttp gets: host=127.0.0.1:PORT x=- host-name-seen-in=nowhere
curl sends: :authority=from-host.example
curl gets: host=from-host.example x=- host-name-seen-in=header.host
