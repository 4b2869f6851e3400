--TEST--
HTTP/2 HEADERS opening a stream whose id is lower than one the client already used (RFC 9113 5.1.1): GOAWAY(PROTOCOL_ERROR) and the close, on h2c and over TLS; trailers on a stream the server reset while the client was still sending stay harmless
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
$server->on('Request', function ($req, $res) { $res->end($req->server['request_uri'] . ' stream=' . $req->streamId . "\n"); });
$server->start();
PHP);

/** Sends the HEADERS of $first (each answered before the next), then of $then; how the connection ends. */
function lower_id(int $port, bool $tls, array $first, int $then): string {
    $c = new H2Raw($port, true, [], $tls);
    $c->handshake();
    $out = [];
    foreach ($first as $sid) {
        $c->request($sid, "/s$sid");
        [$st, , $body, $how] = $c->response($sid);
        $out[] = "$sid: $st " . trim($body) . " $how";
    }
    unset($c->streams[$then]);  // what came for an earlier use of the id
    $c->request($then, "/s$then");
    $c->collect(3, fn($f) => $f[0] === H2_GOAWAY);
    $g = $c->goaway;
    $answered = isset($c->streams[$then]) ? 'answered' : 'not answered';
    $c->collect(2);
    $c->close();
    return implode(', ', $out) . "; then $then: $answered, " . ($g ? 'GOAWAY ' . h2_error_name($g['code']) . " last=$g[last]" : 'no GOAWAY')
        . ', ' . ($c->eof ? 'closed' : 'still open after 2 s');
}

foreach ([[$srv->port, false, 'h2c'], [$tls_port, true, 'TLS']] as [$port, $tls, $label]) {
    echo "$label 5 then 3: ", lower_id($port, $tls, [5], 3), "\n";
    echo "$label 1, 3 then 1 again: ", lower_id($port, $tls, [1, 3], 1), "\n";
    // 7 skips 3 and 5: opening them afterwards is opening a lower stream id.
    echo "$label 1, 7 then 5: ", lower_id($port, $tls, [1, 7], 5), "\n";
    echo "$label 1, 7 then 3: ", lower_id($port, $tls, [1, 7], 3), "\n";
}

// Both HEADERS in one write: 3 is opened, then 1 (lower) is a connection error right away.
$c = new H2Raw($srv->port);
$c->handshake();
$c->send(h2_headers_frame(3, h2_request_block('GET', '/three')) . h2_headers_frame(1, h2_request_block('GET', '/one')));
$c->collect(3, fn($f) => $f[0] === H2_GOAWAY);
echo "3 and 1 in one write: ", $c->goaway ? 'GOAWAY ' . h2_error_name($c->goaway['code']) . " last={$c->goaway['last']}" : 'no GOAWAY', "\n";
$c->close();

// Not a new stream: trailers for stream 1, which the server reset (a connection-specific
// header field makes the request malformed, RFC 9113 8.2.2) while the client had not ended
// it. The client may have sent them before it saw the RST_STREAM: they are dropped and the
// connection goes on with stream 3.
$c = new H2Raw($srv->port);
$c->handshake();
$c->send(h2_headers_frame(1, h2_request_block('POST', '/bad', '127.0.0.1', ['connection' => 'keep-alive']), false));
[, , , $how] = $c->response(1);
echo "stream 1: $how\n";
$c->send(h2_frame(H2_DATA, 0, 1, 'late body') . h2_headers_frame(1, h2_hpack_literal('x-trailer', 'late'), true));
$c->request(3, '/after-trailers');
[$st, , $body, $how] = $c->response(3);
echo "stream 3: $st ", trim($body), " $how, GOAWAY: ", $c->goaway ? h2_error_name($c->goaway['code']) : 'none', "\n";
$c->close();

// Real clients open streams in increasing order and are served.
[$code, $out] = trident_run(['nghttp', '--no-dep', '-t', '10', $srv->url('/a'), $srv->url('/b'), $srv->url('/c')], null, 15);
$lines = explode("\n", trim($out));
sort($lines);
echo "nghttp: exit $code, ", implode(' | ', $lines), "\n";
[$st, $body] = h2_curl_get($srv->url('/after'));
echo "curl afterwards: $st $body";
$srv->stop();
?>
--EXPECT--
h2c 5 then 3: 5: 200 /s5 stream=5 end; then 3: not answered, GOAWAY PROTOCOL_ERROR last=5, closed
h2c 1, 3 then 1 again: 1: 200 /s1 stream=1 end, 3: 200 /s3 stream=3 end; then 1: not answered, GOAWAY PROTOCOL_ERROR last=3, closed
h2c 1, 7 then 5: 1: 200 /s1 stream=1 end, 7: 200 /s7 stream=7 end; then 5: not answered, GOAWAY PROTOCOL_ERROR last=7, closed
h2c 1, 7 then 3: 1: 200 /s1 stream=1 end, 7: 200 /s7 stream=7 end; then 3: not answered, GOAWAY PROTOCOL_ERROR last=7, closed
TLS 5 then 3: 5: 200 /s5 stream=5 end; then 3: not answered, GOAWAY PROTOCOL_ERROR last=5, closed
TLS 1, 3 then 1 again: 1: 200 /s1 stream=1 end, 3: 200 /s3 stream=3 end; then 1: not answered, GOAWAY PROTOCOL_ERROR last=3, closed
TLS 1, 7 then 5: 1: 200 /s1 stream=1 end, 7: 200 /s7 stream=7 end; then 5: not answered, GOAWAY PROTOCOL_ERROR last=7, closed
TLS 1, 7 then 3: 1: 200 /s1 stream=1 end, 7: 200 /s7 stream=7 end; then 3: not answered, GOAWAY PROTOCOL_ERROR last=7, closed
3 and 1 in one write: GOAWAY PROTOCOL_ERROR last=3
stream 1: rst PROTOCOL_ERROR
stream 3: 200 /after-trailers stream=3 end, GOAWAY: none
nghttp: exit 0, /a stream=1 | /b stream=3 | /c stream=5
curl afterwards: 200 /after stream=1
