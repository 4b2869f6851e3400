--TEST--
Detached response backpressure: another worker writes 64 MiB in 64 KiB writes (Response::create()->write()) to a client that reads nothing for 2 s; the writes suspend instead of the client being cut off at 4 MiB, the whole body arrives byte-exact, and the master's memory stays bounded
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("asserts that a writer outruns a client that reads nothing for a while, and under ASan the writer is too slow to fill the buffers in that time");
require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/../support/server.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'dispatch_mode' => 1, 'log_level' => 3]);
$file = sys_get_temp_dir() . "/trident_detached_bp_$PORT";
$server->on('Request', function ($req, $res) use ($server, $file) {
    $path = $req->server['path_info'];
    if ($path === '/stream') {
        $res->header('Content-Type', 'application/octet-stream');
        $res->write("start\n");
        $id = $res->detach();
        file_put_contents($file . '.tmp', "$id " . getmypid());
        rename($file . '.tmp', $file);
        return;
    }
    if ($path === '/push') {
        [$id, $pid] = explode(' ', file_get_contents($file));
        if ((int)$pid === getmypid()) { $res->end("same worker"); return; }
        $rss = function () use ($server): int {
            preg_match('/VmRSS:\s+(\d+)/', (string)@file_get_contents("/proc/{$server->masterPid}/status"), $m);
            return (int)($m[1] ?? 0);
        };
        $r = Trident\Http\Response::create($server, (int)$id);
        $base = '';
        for ($j = 0; $j < 65536 + 251; $j++) $base .= chr($j % 251);
        $before = $peak = $rss();
        $ok = $longest = 0;
        for ($i = 0; $i < 1024; $i++) {
            $t = hrtime(true);
            $ok += (int)$r->write(substr($base, $i % 251, 65536));
            $longest = max($longest, hrtime(true) - $t);
            if ($i % 32 === 0) $peak = max($peak, $rss());
        }
        $ok += (int)$r->end();
        $s = $server->stats();
        $res->end(sprintf("ok=%d longest_ms=%d rss_growth_kib=%d refused=%d", $ok, intdiv($longest, 1000000),
                          max($peak, $rss()) - $before, $s['detached_write_refused']));
        return;
    }
    $res->status(404);
    $res->end();
});
$server->start();
PHP);
$file = sys_get_temp_dir() . "/trident_detached_bp_{$srv->port}";
@unlink($file);
$sock = stream_socket_client("tcp://127.0.0.1:{$srv->port}", $errno, $errstr, 5);
fwrite($sock, "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
for ($i = 0; $i < 250 && !is_file($file); $i++) usleep(20000);
// The writes come from the other worker (round robin: a retry lands there), in the background
// while this client reads nothing for 2 s.
for ($try = 0; $try < 10; $try++) {
    $curl = proc_open(['curl', '-sS', '--max-time', '60', $srv->url('/push')], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    usleep(300000);
    if (proc_get_status($curl)['running']) break;
    $body = stream_get_contents($pipes[1]);
    proc_close($curl);
    $curl = null;
    if ($body !== 'same worker') break;  // done already: the writes did not wait
}
sleep(2);
stream_set_timeout($sock, 30);
// The chunked body, decoded and hashed as it comes (64 MiB is not kept).
$buf = '';
$head = null;
$total = 0;
$hash = hash_init('sha256');
$done = false;
while (!$done && !feof($sock)) {
    $d = fread($sock, 1 << 20);
    if ($d === '' || $d === false) { if (stream_get_meta_data($sock)['timed_out']) break; continue; }
    $buf .= $d;
    if ($head === null) {
        if (($e = strpos($buf, "\r\n\r\n")) === false) continue;
        $head = substr($buf, 0, $e);
        $buf = substr($buf, $e + 4);
    }
    for (;;) {
        if (($e = strpos($buf, "\r\n")) === false) break;
        $n = hexdec(substr($buf, 0, $e));
        if ($n === 0) { $done = true; break; }
        if (strlen($buf) < $e + 2 + $n + 2) break;
        hash_update($hash, substr($buf, $e + 2, $n));
        $total += $n;
        $buf = substr($buf, $e + 2 + $n + 2);
    }
}
fclose($sock);
if ($curl) {
    $body = stream_get_contents($pipes[1]);
    proc_close($curl);
}
$base = '';
for ($j = 0; $j < 65536 + 251; $j++) $base .= chr($j % 251);
$want = hash_init('sha256');
hash_update($want, "start\n");
for ($i = 0; $i < 1024; $i++) hash_update($want, substr($base, $i % 251, 65536));
echo strtok((string)$head, "\r\n"), "\n";
echo "body bytes: $total\n";
echo "byte-exact: ", hash_final($hash) === hash_final($want) ? 'yes' : 'no', "\n";
preg_match_all('/(\w+)=(-?\d+)/', $body, $m);
$r = array_map('intval', array_combine($m[1], $m[2]));
echo "every write returned true: ", ($r['ok'] ?? 0) === 1025 ? 'yes' : 'no', "\n";
echo "a write suspended while the client did not read: ", ($r['longest_ms'] ?? 0) >= 1000 ? 'yes' : 'no', "\n";
echo "master memory bounded (< 16 MiB growth): ", ($r['rss_growth_kib'] ?? PHP_INT_MAX) < 16384 ? 'yes' : 'no', "\n";
echo "refused ", $r['refused'] ?? '?', "\n";
if (($r['ok'] ?? 0) !== 1025 || ($r['longest_ms'] ?? 0) < 1000 || ($r['rss_growth_kib'] ?? PHP_INT_MAX) >= 16384) echo "figures: $body\n";
@unlink($file);
$out = $srv->stop();
echo preg_match('/Fatal|Warning|Notice/', $out) ? "server log:\n$out" : "server log clean\n";
?>
--EXPECT--
HTTP/1.1 200 OK
body bytes: 67108870
byte-exact: yes
every write returned true: yes
a write suspended while the client did not read: yes
master memory bounded (< 16 MiB growth): yes
refused 0
server log clean
