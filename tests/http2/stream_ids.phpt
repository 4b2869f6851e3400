--TEST--
HTTP/2: $req->streamId is the HTTP/2 stream id (1, 3, 5 for three requests on one connection)
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl','nghttp','h2load']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) {
    $res->end($req->server['request_uri'] . ' stream=' . $req->streamId . ' fd=' . $req->fd . "\n");
});
$server->start();
PHP);

// nghttp puts every URI on one connection; --no-dep keeps it from opening idle priority
// streams first, so the requests are streams 1, 3 and 5. (curl 7.88 cannot reuse an h2c
// prior-knowledge connection for a second transfer: curl issue #10634, fixed in 8.0.)
[$code, $out, $err] = trident_run(['nghttp', '--no-dep', '-t', '10', $srv->url('/a'), $srv->url('/b'), $srv->url('/c')], null, 15);
echo "nghttp exit: $code\n";
$lines = explode("\n", trim($out));
sort($lines);
$fds = [];
foreach ($lines as $l) {
    if (!preg_match('/^(\S+) stream=(\d+) fd=(\d+)$/', $l, $m)) { echo "unexpected: $l\n"; continue; }
    echo "$m[1] stream=$m[2]\n";
    $fds[$m[3]] = true;
}
echo "one connection (same fd): ", var_export(count($fds) === 1, true), "\n";

// The raw client: stream ids chosen by the test itself, answered in any order.
$c = new H2Raw($srv->port);
$c->handshake();
foreach ([1, 3, 7, 101] as $sid) $c->request($sid, "/raw$sid");
$got = [];
foreach ([1, 3, 7, 101] as $sid) {
    [$st, , $body, $how] = $c->response($sid);
    $got[] = "$sid: $st " . trim($body) . " $how";
}
foreach ($got as $g) echo preg_replace('/ fd=\d+/', '', $g), "\n";
$c->close();
$srv->stop();
?>
--EXPECT--
nghttp exit: 0
/a stream=1
/b stream=3
/c stream=5
one connection (same fd): true
1: 200 /raw1 stream=1 end
3: 200 /raw3 stream=3 end
7: 200 /raw7 stream=7 end
101: 200 /raw101 stream=101 end
