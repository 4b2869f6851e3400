--TEST--
HTTP/1.1 client disconnects mid-request-body, while the handler runs, and mid-response: the server keeps serving and counts the aborts
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$mark = tempnam(sys_get_temp_dir(), 'h1abort');
$sleeping = tempnam(sys_get_temp_dir(), 'h1sleep');
register_shutdown_function(fn() => @unlink($sleeping));
$srv = new TridentTestServer('$SLEEPING = ' . var_export($sleeping, true) . ";\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) use ($server) {
    $path = $req->server['request_uri'];
    $res->header('Content-Type', 'text/plain');
    if ($path === '/stats') {
        $s = $server->stats();
        unset($s['workers']);
        $res->end(json_encode($s));
        return;
    }
    if ($path === '/sleep') {
        file_put_contents($GLOBALS['SLEEPING'], 'sleeping');
        usleep(300000);
        $res->end('slept');
        return;
    }
    if ($path === '/stream') {
        // 64 KiB pieces until write() fails (client gone) or 32 MiB were written.
        $piece = str_repeat('s', 65536);
        for ($i = 0; $i < 512; $i++) {
            if (!$res->write($piece)) break;
        }
        file_put_contents($req->get['mark'], 'finished');
        $res->end();
        return;
    }
    $res->end($req->getMethod() . ' ' . $path . ' ' . strlen((string)$req->rawContent()));
});
$server->start();
PHP);

// 1. Head + half of the body, then close.
$c = new H1Client($srv->port);
$c->send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" . str_repeat('h', 500));
usleep(100000);
$c->close();

// 2. The handler sleeps 300 ms; the client closes as soon as it runs.
$c = new H1Client($srv->port);
$c->send(h1_get('/sleep'));
$deadline = microtime(true) + 5;
while (@file_get_contents($sleeping) === '' && microtime(true) < $deadline) usleep(10000);
$c->close();

// 3. Mid-response: read the first bytes of a long streamed response, then close.
$c = new H1Client($srv->port);
$c->send(h1_get('/stream?mark=' . urlencode($mark)));
$c->fill(microtime(true) + 3);
echo 'stream started: ', str_starts_with($c->buf, "HTTP/1.1 200 OK\r\n") ? 'yes' : 'no', "\n";
$c->close();

// Served as before, on fresh connections (the sleeping handler's response has nowhere to go).
for ($i = 0; $i < 4; $i++) {
    $r = h1_exchange($srv->port, "POST /after$i HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 3\r\n\r\nabc");
    echo h1_line($r), "\n";
}
$deadline = microtime(true) + 5;
while (@file_get_contents($mark) === '' && microtime(true) < $deadline) usleep(50000);
echo 'streaming handler: ', file_get_contents($mark), "\n";
@unlink($mark);
// The aborts are counted as the server notices them: poll until both are.
$deadline = microtime(true) + 5;
while (true) {
    $c = new H1Client($srv->port);
    $c->send(h1_get('/stats'));
    $s = json_decode($c->readResponse()['body'], true);
    $c->close();
    if ($s['client_abort_count'] >= 2 || microtime(true) >= $deadline) break;
    usleep(50000);
}
echo 'client_abort_count >= 2: ', $s['client_abort_count'] >= 2 ? 'yes' : 'no (' . $s['client_abort_count'] . ')', "\n";
echo 'worker_abnormal_exit_count: ', $s['worker_abnormal_exit_count'], "\n";
echo 'worker_lost_request_count: ', $s['worker_lost_request_count'], "\n";
$srv->stop();
?>
--EXPECT--
stream started: yes
200 "POST \/after0 3" closed
200 "POST \/after1 3" closed
200 "POST \/after2 3" closed
200 "POST \/after3 3" closed
streaming handler: finished
client_abort_count >= 2: yes
worker_abnormal_exit_count: 0
worker_lost_request_count: 0
