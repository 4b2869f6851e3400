--TEST--
Response backpressure: a client that stops reading holds its handler's write() (the coroutine waits for credit) instead of growing the reactor's memory, over HTTP/1.1 and HTTP/2; a normal client still gets the whole 64 MiB
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/../support/server.inc';
$out = tempnam(sys_get_temp_dir(), 'trident_bp_');
$srv = new TridentTestServer(<<<PHP
\$server = new Trident\Http\Server('127.0.0.1', \$PORT);
\$server->set(['worker_num' => 1, 'reactor_num' => 1, 'open_http2_protocol' => true, 'log_level' => 4]);
\$server->on('Request', function (\$req, \$res) {
    \$chunk = str_repeat('x', 65536);
    for (\$i = 0; \$i < 1024; \$i++) { if (!\$res->write(\$chunk)) break; }   // up to 64 MiB
    \$res->end();
    file_put_contents('$out', \$req->server['server_protocol'] . " " . \$i . "\\n", FILE_APPEND);
});
\$server->start();
PHP);

function rss_kb(int $pid): int {
    preg_match('/VmRSS:\s+(\d+)/', (string)@file_get_contents("/proc/$pid/status"), $m);
    return (int)($m[1] ?? 0);
}
$master = $srv->pid();
$before = rss_kb($master);

// HTTP/1.1: send the request, read nothing for 1.5 s, then go away.
$c = stream_socket_client("tcp://127.0.0.1:{$srv->port}");
fwrite($c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
usleep(1500000);
$grown1 = rss_kb($master) - $before;
fclose($c);

// HTTP/2: a client reading at 1 MB/s, stopped after 1.5 s.
[$rc] = trident_curl(['--http2-prior-knowledge', '--limit-rate', '1M', '-o', '/dev/null', $srv->url('/')], 1.5);
$grown2 = rss_kb($master) - $before;
usleep(300000);

// Full speed: every byte arrives.
[$rc, $size] = trident_curl(['-s', '-o', '/dev/null', '-w', '%{size_download}', $srv->url('/')]);
echo "full HTTP/1.1 body: $size\n";
[$rc, $size] = trident_curl(['-s', '--http2-prior-knowledge', '-o', '/dev/null', '-w', '%{size_download}', $srv->url('/')]);
echo "full HTTP/2 body: $size\n";
$srv->stop();

echo "reactor grew < 16 MiB while HTTP/1.1 client stalled: ", var_export($grown1 < 16384, true), "\n";
echo "reactor grew < 16 MiB while HTTP/2 client crawled: ", var_export($grown2 < 16384, true), "\n";
$lines = file($out, FILE_IGNORE_NEW_LINES);
@unlink($out);
sort($lines);
foreach ($lines as $l) {
    [$proto, $n] = explode(' ', $l);
    echo "$proto: ", $n == 1024 ? "all 1024 chunks" : ($n < 200 ? "stopped early (held back)" : "stopped late: $n"), "\n";
}
?>
--EXPECT--
full HTTP/1.1 body: 67108864
full HTTP/2 body: 67108864
reactor grew < 16 MiB while HTTP/1.1 client stalled: true
reactor grew < 16 MiB while HTTP/2 client crawled: true
HTTP/1.1: all 1024 chunks
HTTP/1.1: stopped early (held back)
HTTP/2: all 1024 chunks
HTTP/2: stopped early (held back)
