--TEST--
HTTP/1.1 client disconnects mid-response: the handler's write() returns false once the client is gone (as documented), instead of streaming into nowhere
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$mark = tempnam(sys_get_temp_dir(), 'h1abort');
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    if ($req->server['request_uri'] !== '/stream') { $res->end('served'); return; }
    // 64 KiB pieces until write() fails (client gone) or 32 MiB were written.
    $piece = str_repeat('s', 65536);
    for ($i = 0; $i < 512; $i++) {
        if (!$res->write($piece)) break;
    }
    file_put_contents($req->get['mark'], $i < 512 ? 'write() returned false' : 'write() returned true for all 32 MiB');
    $res->end();
});
$server->start();
PHP);

$c = new H1Client($srv->port);
$c->send(h1_get('/stream?mark=' . urlencode($mark)));
$c->fill(microtime(true) + 3);
echo 'stream started: ', str_starts_with($c->buf, "HTTP/1.1 200 OK\r\n") ? 'yes' : 'no', "\n";
$c->close();
$deadline = microtime(true) + 6;
while (@file_get_contents($mark) === '' && microtime(true) < $deadline) usleep(50000);
echo 'handler: ', file_get_contents($mark), "\n";
@unlink($mark);
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
stream started: yes
handler: write() returned false
fresh: 200 "served"
