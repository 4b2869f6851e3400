--TEST--
HTTP/1.1 client that pipelines GETs as fast as it can and never reads: the server stops reading once its output backs up (master memory stays flat), and http_send_timeout closes the connection; other clients are served throughout
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require __DIR__ . '/../memory/rss.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'http_send_timeout' => 2]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['request_uri'] === '/stats') {
        $res->end((string)$server->stats()['send_timeout_count']);
        return;
    }
    $res->end($req->server['request_uri'] === '/alive' ? 'alive' : str_repeat('x', 256));
});
$server->start();
PHP);
$rss0 = rss_snapshot($srv)[$srv->pid()];
$c = new H1Client($srv->port);
$batch = str_repeat("GET / HTTP/1.1\r\nHost: x\r\n\r\n", 1000);
// Write until the connection takes nothing for 0.5 s (the kernel's buffers on both sides are
// full and the server reads no more), at most 10 s.
$sent = 0;
$t0 = microtime(true);
$last = $t0;
while (microtime(true) - $t0 < 10 && microtime(true) - $last < 0.5) {
    $n = @fwrite($c->sock, $batch);
    if ($n === false) break;
    if ($n > 0) { $sent += $n; $last = microtime(true); } else usleep(5000);
}
$stalled = microtime(true);
echo 'the server stopped taking requests: ', microtime(true) - $t0 < 10 ? 'yes' : 'no', "\n";
$grew = rss_snapshot($srv)[$srv->pid()] - $rss0;
// Buffering every response of the ~10^5 requests sent here would be ~30+ MB.
echo 'master grew less than 8 MiB: ', $grew < 8192 ? 'yes' : "no ($grew KiB after $sent bytes of requests)", "\n";
echo h1_still_serving($srv->port), "\n";
// The flooding connection is closed by http_send_timeout (2 s without progress).
$closed = false;
while (microtime(true) - $stalled < 8) {
    [, $count] = trident_curl([$srv->url('/stats')]);
    if ($count === '1') { $closed = true; break; }
    usleep(100000);
}
// Not before 2 s after the flood began (the output backs up only once it began), and soon
// after the client stalled.
$since_start = microtime(true) - $t0;
$since_stall = microtime(true) - $stalled;
echo 'send timeout: ', $closed ? 'yes' : 'no', ', in time: ', $since_start >= 2 && $since_stall < 6 ? 'yes' : "no ($since_start s after the start, $since_stall s after the stall)", "\n";
// What is left for the client is what the kernel buffered, then the close.
$c->buf = '';
[$eof, , $rest] = $c->waitClose(10);
echo 'client sees the close: ', $eof ? 'yes' : 'no', ', fewer responses than requests: ',
    substr_count($rest, 'HTTP/1.1 200 OK') < intdiv($sent, 27) ? 'yes' : 'no', "\n";
$c->close();
$srv->stop();
?>
--EXPECT--
the server stopped taking requests: yes
master grew less than 8 MiB: yes
fresh: 200 "alive"
send timeout: yes, in time: yes
client sees the close: yes, fewer responses than requests: yes
