--TEST--
HTTP/2 max_concurrent_streams is enforced: with a limit of 4 (acknowledged), a 5th concurrent stream is a connection error (nghttp2's choice: GOAWAY PROTOCOL_ERROR, where RFC 9113 5.1.2 asks for a stream error) and other connections are served
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl','nghttp','h2load']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => true, 'max_concurrent_streams' => 4]);
$server->on('Request', function ($req, $res) {
    usleep(300000);
    $res->end('done ' . $req->streamId);
});
$server->start();
PHP);

$c = new H2Raw($srv->port);
$settings = $c->handshake();
echo "SETTINGS_MAX_CONCURRENT_STREAMS: ", $settings[H2_SETTINGS_MAX_CONCURRENT_STREAMS] ?? 'absent', "\n";
// handshake() acknowledged the server's SETTINGS, so the limit of 4 is in force. nghttp2
// (1.52) treats a HEADERS frame over an acknowledged limit as a connection error, while RFC
// 9113 5.1.2 asks for a stream error; Trident keeps the library's behaviour (see the issue
// notes). The misbehaving connection ends with GOAWAY PROTOCOL_ERROR; others are unaffected.
foreach ([1, 3, 5, 7, 9] as $sid) $c->request($sid, "/s$sid");
foreach ([1, 3, 5, 7, 9] as $sid) {
    [$st, , $body, $how] = $c->response($sid, 5);
    echo "stream $sid: ", $how === 'end' ? "$st $body" : $how, "\n";
}
echo "GOAWAY: ", $c->goaway === null ? 'none' : 'received', "\n";
$fresh = new H2Raw($srv->port);
$fresh->handshake();
$fresh->request(1, '/fresh');
[$st, , $body, $how] = $fresh->response(1, 5);
echo "fresh connection: $st $body $how\n";
$fresh->close();
$c->close();
$srv->stop();
?>
--EXPECT--
SETTINGS_MAX_CONCURRENT_STREAMS: 4
stream 1: goaway PROTOCOL_ERROR
stream 3: goaway PROTOCOL_ERROR
stream 5: goaway PROTOCOL_ERROR
stream 7: goaway PROTOCOL_ERROR
stream 9: goaway PROTOCOL_ERROR
GOAWAY: received
fresh connection: 200 done 1 end
