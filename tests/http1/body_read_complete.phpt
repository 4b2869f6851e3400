--TEST--
Without http_body_streaming, $req->read() returns the complete body in pieces, then '' (and the handler starts after the whole body)
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $started = sprintf('%.6f', microtime(true));
    $post = json_encode($req->post);
    $pieces = [];
    while (($d = $req->read(4)) !== '') $pieces[] = var_export($d, true);
    $res->end("$started\npost: $post\n" . implode('|', $pieces) . "\nagain: " . var_export($req->read(), true) .
              "\nraw: " . var_export(@$req->rawContent(), true));
});
$server->start();
PHP);

$c = new H1Client($srv->port);
$c->send("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10\r\n\r\nx=1&");
usleep(300000);
$last_sent = microtime(true);
$c->send("y=22");
usleep(100000);
$c->send("34");
$r = $c->readResponse();
[$started, $rest] = explode("\n", $r['body'], 2);
echo $r['status'], ' handler started after the last piece: ', (float)$started > $last_sent ? 'yes' : 'no', "\n", $rest, "\n";
$c->close();
echo 'server log: ', trim($srv->stop()) === '' ? 'quiet' : 'NOT QUIET', "\n";
?>
--EXPECT--
200 handler started after the last piece: yes
post: {"x":"1","y":"2234"}
'x=1&'|'y=22'|'34'
again: ''
raw: false
server log: quiet
