--TEST--
HTTP/3 response backpressure: a client that stops reading (SIGSTOP, so no ACKs and no flow-control credit) holds its handler's write() instead of growing the reactor's memory; once it reads again it gets the whole 32 MiB byte-exact
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
$progress = "{$c['dir']}/progress.txt";
$srv = new TridentTestServer(h3_cert_vars($c) . tls_php_var('PROGRESS', $progress) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) use ($PROGRESS) {
    $chunk = str_repeat('x', 65536);
    for ($i = 0; $i < 512; $i++) {          // 32 MiB in 64 KiB writes
        if (!$res->write($chunk)) break;
        file_put_contents($PROGRESS, (string)($i + 1));
        // A pause after the first 4 chunks: the test freezes the client meanwhile (on loopback
        // the whole 32 MiB would otherwise be gone before it could).
        if ($i === 3) Trident\Coroutine::sleep(1.0);
    }
    $res->end();
});
$server->start();
PHP);
function rss_kb(int $pid): int {
    preg_match('/VmRSS:\s+(\d+)/', (string)@file_get_contents("/proc/$pid/status"), $m);
    return (int)($m[1] ?? 0);
}
$master = $srv->pid();
$before = rss_kb($master);
$dl = tls_temp_dir();
$cmd = ['gtlsclient', '-q', '--exit-on-all-streams-close', '--timeout=60s', "--download=$dl",
        '127.0.0.1', (string)$srv->port, "https://127.0.0.1:{$srv->port}/big"];
$p = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
$pid = proc_get_status($p)['pid'];
// Let it start, then freeze it mid-download (during the handler's pause).
for ($i = 0; $i < 500 && (int)@file_get_contents($progress) < 4; $i++) usleep(20000);
trident_run(['kill', '-STOP', (string)$pid]);
// The pause ends within 1 s; by 2.5 s the writes it let go have run into flow control.
usleep(2500000);
$p1 = (int)@file_get_contents($progress);
usleep(1000000);
$p2 = (int)@file_get_contents($progress);
$grown = rss_kb($master) - $before;
echo "while the client is frozen: writes ", $p1 === $p2 ? 'held' : "went on ($p1 -> $p2 chunks)", ", after ",
    $p1 < 100 ? 'fewer than 100 of 512 chunks' : "$p1 chunks", ", reactor grew < 16 MiB: ", var_export($grown < 16384, true), "\n";
trident_run(['kill', '-CONT', (string)$pid]);
$deadline = microtime(true) + 60;
while (proc_get_status($p)['running'] && microtime(true) < $deadline) usleep(50000);
proc_close($p);
$f = "$dl/big";
echo "after it reads again: ", is_file($f) ? filesize($f) : 'no file', " bytes, all x: ",
    var_export(is_file($f) && md5_file($f) === md5(str_repeat(str_repeat('x', 65536), 512)), true), ", handler wrote ",
    (int)@file_get_contents($progress), " chunks\n";
$log = $srv->stop();
echo preg_match('/Fatal|Warning/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
while the client is frozen: writes held, after fewer than 100 of 512 chunks, reactor grew < 16 MiB: true
after it reads again: 33554432 bytes, all x: true, handler wrote 512 chunks
log clean
