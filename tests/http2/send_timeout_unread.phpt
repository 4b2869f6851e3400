--TEST--
HTTP/2 client that opens its flow-control windows wide, asks for a large response and never reads: http_send_timeout closes the connection once the socket stays full, the handler's write() then fails, the master does not buffer the response
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
require __DIR__ . '/../memory/rss.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
// One worker: /stats is served while the /big handler waits in write() (its coroutine suspends).
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => true,
              'http_send_timeout' => 2]);
$written = -1;
$server->on('Request', function ($req, $res) use ($server, &$written) {
    if ($req->server['request_uri'] === '/stats') {
        $res->end($server->stats()['send_timeout_count'] . ' ' . $written);
        return;
    }
    // 64 MiB in 1 MiB writes; write() waits while the client holds a window's worth.
    $chunk = str_repeat('b', 1 << 20);
    $written = 0;
    for ($i = 0; $i < 64; $i++) {
        if (!$res->write($chunk)) break;
        $written++;
    }
    $res->end();
});
$server->start();
PHP);
$rss0 = rss_snapshot($srv)[$srv->pid()];
$c = new H2Raw($srv->port, true, [H2_SETTINGS_INITIAL_WINDOW_SIZE => 0x7fffffff]);
$c->handshake();
$c->send(h2_window_update_frame(0, 0x7fffffff - 65535));
$t0 = microtime(true);
$c->request(1, '/big');
// Never read: poll the server's counters on other connections.
$stats = '';
while (microtime(true) - $t0 < 15) {
    [, $stats] = trident_curl([$srv->url('/stats')]);
    if (str_starts_with($stats, '1 ') && !str_ends_with($stats, ' -1') && $stats !== '1 0') break;
    usleep(100000);
}
$t = microtime(true) - $t0;
[$count, $written] = explode(' ', $stats) + [null, null];
echo 'send timeout: ', $count === '1' ? 'yes' : "no ($stats)", ', not before 2 s: ', $t >= 2 ? 'yes' : "no ($t)", "\n";
echo 'the handler stopped writing early: ', (int)$written < 64 ? 'yes' : "no ($written MiB written)", "\n";
$grew = rss_snapshot($srv)[$srv->pid()] - $rss0;
echo 'master grew less than 16 MiB: ', $grew < 16384 ? 'yes' : "no ($grew KiB)", "\n";
$c->close();
$srv->stop();
?>
--EXPECT--
send timeout: yes, not before 2 s: yes
the handler stopped writing early: yes
master grew less than 16 MiB: yes
