--TEST--
HTTP/2 garbage after the client preface: GOAWAY with the RFC 9113 error code (PROTOCOL_ERROR, FRAME_SIZE_ERROR, COMPRESSION_ERROR), then the connection is closed; the server keeps serving
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl','nghttp','h2load']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) { $res->end('ok ' . $req->server['server_protocol']); });
$server->start();
PHP);

$garbage = "hello, this is not HTTP/2 at all\r\n\r\n";
// [bytes of the first write, bytes sent after the server's SETTINGS arrived (null: none)]
$cases = [
    'preface + text, one write' => [H2_PREFACE . $garbage, null],
    'preface, then text' => [H2_PREFACE, $garbage],
    'preface + HEADERS instead of SETTINGS' => [H2_PREFACE . h2_headers_frame(1, h2_request_block('GET', '/')), null],
    'preface + SETTINGS, then text' => [H2_PREFACE . h2_settings_frame([]), $garbage],
    'preface + SETTINGS, then DATA on stream 0' => [H2_PREFACE . h2_settings_frame([]), h2_frame(H2_DATA, 0, 0, 'xx')],
    'preface + SETTINGS, then HEADERS on stream 2' => [H2_PREFACE . h2_settings_frame([]), h2_headers_frame(2, h2_request_block('GET', '/'))],
    'preface + SETTINGS, then a bad HPACK block' => [H2_PREFACE . h2_settings_frame([]), h2_headers_frame(1, str_repeat("\xff", 8))],
    'preface + SETTINGS + DATA on stream 0, one write' => [H2_PREFACE . h2_settings_frame([]) . h2_frame(H2_DATA, 0, 0, 'xx'), null],
];
foreach ($cases as $name => [$first, $then]) {
    $c = new H2Raw($srv->port, false);
    $c->send($first);
    if ($then !== null) {
        $c->collect(2, fn($f) => $f[0] === H2_SETTINGS && !($f[1] & H2_ACK));
        usleep(50000);
        $c->send($then);
    }
    $c->collect(3, fn($f) => $f[0] === H2_GOAWAY);
    $g = $c->goaway;
    // RFC 9113 5.4.1: after the GOAWAY for a connection error the endpoint MUST close the connection.
    $c->collect(2);
    $closed = $c->eof ? 'closed' : 'still open after 2 s';
    echo "$name: ", $g ? 'GOAWAY ' . h2_error_name($g['code']) . " last=$g[last]" : 'no GOAWAY', ", $closed\n";
    $c->close();
}
[$st, $body] = h2_curl_get($srv->url('/after'));
echo "after: $st $body\n";
[$rc, $out] = trident_curl(['--http1.1', $srv->url('/after1')]);
echo "after (HTTP/1.1): $out\n";
$srv->stop();
?>
--EXPECTF--
preface + text, one write: GOAWAY PROTOCOL_ERROR last=0, closed
preface, then text: GOAWAY PROTOCOL_ERROR last=0, closed
preface + HEADERS instead of SETTINGS: GOAWAY PROTOCOL_ERROR last=0, closed
preface + SETTINGS, then text: GOAWAY FRAME_SIZE_ERROR last=0, closed
preface + SETTINGS, then DATA on stream 0: GOAWAY PROTOCOL_ERROR last=0, closed
preface + SETTINGS, then HEADERS on stream 2: GOAWAY PROTOCOL_ERROR last=0, closed
preface + SETTINGS, then a bad HPACK block: GOAWAY COMPRESSION_ERROR last=%d, closed
preface + SETTINGS + DATA on stream 0, one write: GOAWAY PROTOCOL_ERROR last=0, closed
after: 200 ok HTTP/2
after (HTTP/1.1): ok HTTP/1.1
