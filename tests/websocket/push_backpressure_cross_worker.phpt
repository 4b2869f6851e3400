--TEST--
WebSocket push backpressure across workers: worker B pushes 64 MiB from a request coroutine to a WebSocket worker A owns while its client reads nothing for 3 s; the pushes suspend, every message arrives in order and byte-exact, none is dropped, and the master's memory stays bounded
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("asserts that a writer outruns a client that reads nothing for a while, and under ASan the writer is too slow to fill the buffers in that time");
require __DIR__ . '/wsclient.inc'; wsclient_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/wsclient.inc';
$log = tempnam(sys_get_temp_dir(), 'trident-push');
$srv = new TridentTestServer(tls_php_var('LOG', $log) . <<<'PHP'
$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4,
              'dispatch_mode' => Trident\Http\Server::DISPATCH_ROUND_ROBIN]);
$server->on('Open', function ($server, $req) use ($LOG) {
    file_put_contents($LOG, "open {$req->fd} {$server->workerId}\n", FILE_APPEND);
});
$server->on('Message', function ($server, $f) {});
$server->on('Request', function ($req, $res) use ($server) {
    $q = $req->get;
    if ((int)$q['owner'] === $server->workerId) {
        $res->status(409);
        $res->end('same worker');
        return;
    }
    $rss = function () use ($server): int {
        preg_match('/VmRSS:\s+(\d+)/', (string)@file_get_contents("/proc/{$server->masterPid}/status"), $m);
        return (int)($m[1] ?? 0);
    };
    [$fd, $n, $size] = [(int)$q['fd'], (int)$q['n'], (int)$q['size']];
    $base = '';
    for ($j = 0; $j < $size + 251; $j++) $base .= chr($j % 251);
    $before = $peak = $rss();
    $ok = $longest = 0;
    for ($i = 0; $i < $n; $i++) {
        $t = hrtime(true);
        $ok += (int)$server->push($fd, substr($base, $i % 251, $size), Trident\WebSocket\Frame::OPCODE_BINARY);
        $longest = max($longest, hrtime(true) - $t);
        if ($i % 32 === 0) $peak = max($peak, $rss());
    }
    $s = $server->stats();
    $res->end(sprintf("ok=%d longest_ms=%d rss_growth_kib=%d dropped=%d refused=%d cross=%d",
        $ok, intdiv($longest, 1000000), max($peak, $rss()) - $before, $s['websocket_push_dropped'],
        $s['websocket_push_refused'], $s['websocket_push_cross_worker']));
});
$server->start();
PHP);

$n = 1024;
$size = 65536;
$client = proc_open([WSCLIENT, '--h1', '--host', '127.0.0.1', '--port', (string)$srv->port, '--timeout', '30',
                     'pause-read:3', "expect-binary-seq:$n:$size", 'close:1000'],
                    [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
$open = null;
for ($i = 0; $i < 250 && !$open; $i++) {
    if (preg_match('/^open (\d+) (\d+)$/m', (string)@file_get_contents($log), $m)) $open = $m;
    else usleep(20000);
}
if (!$open) echo "no Open event\n";
// The request must reach the other worker (round robin: a retry lands there).
for ($try = 0; $try < 10; $try++) {
    [, $body] = trident_curl([$srv->url("/push?fd={$open[1]}&owner={$open[2]}&n=$n&size=$size")], 40);
    if ($body !== 'same worker') break;
}
$out = stream_get_contents($pipes[1]);
$err = stream_get_contents($pipes[2]);
$rc = proc_close($client);
echo $out, $rc === 0 ? '' : "wsclient exit $rc: $err\n";
preg_match_all('/(\w+)=(-?\d+)/', $body, $m);
$r = array_map('intval', array_combine($m[1], $m[2]));
echo "all pushes returned true: ", ($r['ok'] ?? -1) === $n ? 'yes' : 'no', "\n";
echo "a push suspended while the client did not read: ", ($r['longest_ms'] ?? 0) >= 1000 ? 'yes' : 'no', "\n";
echo "master memory bounded (< 16 MiB growth): ", ($r['rss_growth_kib'] ?? PHP_INT_MAX) < 16384 ? 'yes' : 'no', "\n";
echo "dropped ", $r['dropped'] ?? '?', ", refused ", $r['refused'] ?? '?', ", cross-worker pushes ", $r['cross'] ?? '?', "\n";
if (($r['ok'] ?? -1) !== $n || ($r['longest_ms'] ?? 0) < 1000 || ($r['rss_growth_kib'] ?? PHP_INT_MAX) >= 16384) echo "figures: $body\n";
$srvlog = $srv->stop();
@unlink($log);
echo preg_match('/Fatal|Warning|Notice/', $srvlog) ? "server log:\n$srvlog" : "server log clean\n";
?>
--EXPECT--
open 101 ext=- proto=-
binary-seq 1024 65536
close 1000
end
all pushes returned true: yes
a push suspended while the client did not read: yes
master memory bounded (< 16 MiB growth): yes
dropped 0, refused 0, cross-worker pushes 1024
server log clean
