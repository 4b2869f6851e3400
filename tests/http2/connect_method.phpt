--TEST--
HTTP/2 CONNECT (RFC 9113 8.5): plain CONNECT is answered 501 Not Implemented by the server itself and never reaches the handler; SETTINGS_ENABLE_CONNECT_PROTOCOL is offered (RFC 8441), so an extended CONNECT (:protocol websocket) is checked as a WebSocket handshake (this one has no Sec-WebSocket-Version: 426 from the server itself, the handler never sees it); malformed CONNECT requests are stream errors (RST_STREAM PROTOCOL_ERROR); h2c and TLS
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
require __DIR__ . '/../tls/certs.inc';
$c = tls_certs();
$tls_port = trident_free_port();
$rec = tempnam(sys_get_temp_dir(), 'h2connect');
register_shutdown_function(fn() => @unlink($rec));
$srv = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . tls_php_var('REC', $rec)
    . "\$TLS_PORT = $tls_port;\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->listen('127.0.0.1', $TLS_PORT, ['ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY]);
$server->on('Request', function ($req, $res) use ($REC) {
    file_put_contents($REC, $req->getMethod() . ' ' . $req->server['request_uri'] . "\n", FILE_APPEND | LOCK_EX);
    $res->end('handler ' . $req->getMethod());
});
$server->start();
PHP);

/** Header block from [name, value] pairs: static-table names where there is one, else literal. */
function block(array $fields): string {
    $idx = [':authority' => 1, ':method' => 2, ':path' => 4, ':scheme' => 6];
    $b = '';
    foreach ($fields as [$n, $v]) $b .= h2_hpack_literal($idx[$n] ?? $n, $v);
    return $b;
}

$connect = [[':method', 'CONNECT'], [':authority', 'example.com:443']];
$cases = [
    // [header fields, END_STREAM on the HEADERS, bytes the client tunnels afterwards]
    'CONNECT' => [$connect, false, 'tunnel bytes'],
    'CONNECT with END_STREAM' => [$connect, true, null],
    'extended CONNECT (:protocol websocket)' => [[[':method', 'CONNECT'], [':protocol', 'websocket'], [':scheme', 'http'], [':path', '/chat'], [':authority', 'example.com']], false, null],
    'CONNECT with :scheme and :path' => [[[':method', 'CONNECT'], [':scheme', 'http'], [':path', '/'], [':authority', 'example.com:443']], false, null],
    'CONNECT without :authority' => [[[':method', 'CONNECT']], false, null],
];
foreach ([[$srv->port, false, 'h2c'], [$tls_port, true, 'TLS']] as [$port, $tls, $label]) {
    $cl = new H2Raw($port, true, [], $tls);
    $settings = array_keys($cl->handshake());
    sort($settings);
    echo "$label server SETTINGS ids: ", implode(',', $settings), ', ENABLE_CONNECT_PROTOCOL (0x8) offered: ', in_array(8, $settings, true) ? 'yes' : 'no', "\n";
    $sid = 1;
    foreach ($cases as $name => [$fields, $end, $tunnel]) {
        $cl->send(h2_headers_frame($sid, block($fields), $end));
        [$st, $headers, $body, $how] = $cl->response($sid);
        $h = [];
        foreach ($headers as [$n, $v]) if ($n === 'content-type' || $n === 'content-length') $h[] = "$n: $v";
        echo "$label $name: ", $st ?: 'no response', $h ? ' (' . implode(', ', $h) . ')' : '', ' ', json_encode($body), " $how\n";
        if ($tunnel !== null) {
            // A client that tunnels anyway: its DATA is dropped, the connection is not at fault.
            $cl->send(h2_frame(H2_DATA, H2_END_STREAM, $sid, $tunnel));
        }
        $sid += 2;
    }
    $cl->request($sid, '/after');
    [$st, , $body, $how] = $cl->response($sid);
    echo "$label GET afterwards: $st $body $how, GOAWAY: ", $cl->goaway ? h2_error_name($cl->goaway['code']) : 'none', "\n";
    $cl->close();
}
// curl -X CONNECT keeps :scheme and :path: a malformed CONNECT, reset by the server.
[$rc, $out, $err] = trident_curl(['--http2-prior-knowledge', '-X', 'CONNECT', $srv->url('/curl')]);
echo "curl -X CONNECT: exit $rc, ", preg_match('/PROTOCOL_ERROR/', $err) ? 'PROTOCOL_ERROR' : trim($err), "\n";
$srv->stop();
echo "handler saw:\n", file_get_contents($rec);
?>
--EXPECT--
h2c server SETTINGS ids: 3,4,6,8, ENABLE_CONNECT_PROTOCOL (0x8) offered: yes
h2c CONNECT: 501 (content-type: text/plain, content-length: 16) "Not Implemented\n" end
h2c CONNECT with END_STREAM: 501 (content-type: text/plain, content-length: 16) "Not Implemented\n" end
h2c extended CONNECT (:protocol websocket): 426 (content-type: text/plain, content-length: 34) "unsupported Sec-WebSocket-Version\n" end
h2c CONNECT with :scheme and :path: no response "" rst PROTOCOL_ERROR
h2c CONNECT without :authority: no response "" rst PROTOCOL_ERROR
h2c GET afterwards: 200 handler GET end, GOAWAY: none
TLS server SETTINGS ids: 3,4,6,8, ENABLE_CONNECT_PROTOCOL (0x8) offered: yes
TLS CONNECT: 501 (content-type: text/plain, content-length: 16) "Not Implemented\n" end
TLS CONNECT with END_STREAM: 501 (content-type: text/plain, content-length: 16) "Not Implemented\n" end
TLS extended CONNECT (:protocol websocket): 426 (content-type: text/plain, content-length: 34) "unsupported Sec-WebSocket-Version\n" end
TLS CONNECT with :scheme and :path: no response "" rst PROTOCOL_ERROR
TLS CONNECT without :authority: no response "" rst PROTOCOL_ERROR
TLS GET afterwards: 200 handler GET end, GOAWAY: none
curl -X CONNECT: exit 92, PROTOCOL_ERROR
handler saw:
GET /after
GET /after
