--TEST--
HTTP/2 server SETTINGS as nghttp -nv sees them: MAX_CONCURRENT_STREAMS is the configured max_concurrent_streams (default 128), ENABLE_CONNECT_PROTOCOL is 1 (RFC 8441 WebSockets), then the response, no protocol error
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl','nghttp','h2load']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
$code = <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => true] + $EXTRA);
$server->on('Request', function ($req, $res) {
    $res->header('X-Path', $req->server['request_uri']);
    $res->end("hello over h2\n");
});
$server->start();
PHP;

foreach ([[], ['max_concurrent_streams' => 37]] as $extra) {
    $srv = new TridentTestServer('$EXTRA = ' . var_export($extra, true) . ";\n" . $code);
    [$rc, $out, $err] = trident_run(['nghttp', '-nv', '-t', '10', $srv->url('/s')], null, 15);
    echo "settings ", json_encode($extra), ": nghttp exit $rc\n";
    // The first SETTINGS received (not the ACK) is the server's.
    if (preg_match('/recv SETTINGS frame <length=\d+, flags=0x00, stream_id=0>\n\s+\(niv=(\d+)\)\n((?:\s+\[SETTINGS_\w+\(0x\d+\):\d+\]\n)+)/', $out, $m)) {
        preg_match_all('/\[(SETTINGS_\w+)\(0x\d+\):(\d+)\]/', $m[2], $mm, PREG_SET_ORDER);
        foreach ($mm as $s) echo "  $s[1] = $s[2]\n";
    } else {
        echo "  no server SETTINGS in:\n$out\n";
    }
    echo "  settings acked by the server: ", var_export((bool)preg_match('/recv SETTINGS frame <length=0, flags=0x01, stream_id=0>/', $out), true), "\n";
    foreach (['recv (stream_id=13) :status: 200', 'recv (stream_id=13) x-path: /s', 'recv (stream_id=13) content-length: 14'] as $l) {
        echo "  ", $l, ": ", var_export(str_contains($out, $l), true), "\n";
    }
    echo "  DATA with END_STREAM: ", var_export((bool)preg_match('/recv DATA frame <length=14, flags=0x01, stream_id=13>/', $out), true), "\n";
    echo "  no error: ", var_export(!preg_match('/recv (GOAWAY|RST_STREAM)|PROTOCOL_ERROR|\[ERROR\]/i', $out . $err), true), "\n";
    $srv->stop();
}
?>
--EXPECT--
settings []: nghttp exit 0
  SETTINGS_MAX_CONCURRENT_STREAMS = 128
  SETTINGS_INITIAL_WINDOW_SIZE = 1048576
  SETTINGS_MAX_HEADER_LIST_SIZE = 16384
  SETTINGS_ENABLE_CONNECT_PROTOCOL = 1
  settings acked by the server: true
  recv (stream_id=13) :status: 200: true
  recv (stream_id=13) x-path: /s: true
  recv (stream_id=13) content-length: 14: true
  DATA with END_STREAM: true
  no error: true
settings {"max_concurrent_streams":37}: nghttp exit 0
  SETTINGS_MAX_CONCURRENT_STREAMS = 37
  SETTINGS_INITIAL_WINDOW_SIZE = 1048576
  SETTINGS_MAX_HEADER_LIST_SIZE = 16384
  SETTINGS_ENABLE_CONNECT_PROTOCOL = 1
  settings acked by the server: true
  recv (stream_id=13) :status: 200: true
  recv (stream_id=13) x-path: /s: true
  recv (stream_id=13) content-length: 14: true
  DATA with END_STREAM: true
  no error: true
