--TEST--
Static file handler without PHP and with bounded memory: files are served (HTTP/1.1, h2c, HTTP/3) while the only worker is blocked in a long handler; stalled and slow readers of a 64 MiB file (raw HTTP/1.1, h2 over TLS, HTTP/1.1 over TLS, HTTP/3 with the client stopped) keep the master's RSS bounded, and full-speed readers still get every byte; 10^5 requests (h2c and HTTP/1.1) leave every process's RSS flat
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("asserts RSS bounds, and ASan's quarantine and shadow memory grow RSS by design");
require __DIR__ . '/../http3/h3.inc'; h3_skipif(['curl', 'h2load', 'pgrep', 'brotli', 'zstd', 'mkfifo']); ?>
--FILE--
<?php
require __DIR__ . '/../http3/h3.inc';
require __DIR__ . '/static.inc';
require __DIR__ . '/../memory/rss.inc';
[$root, $outside, $base] = static_make_root();
$f = fopen("$root/huge.bin", 'w');
for ($i = 0; $i < 1024; $i++) fwrite($f, str_repeat(chr($i & 0xff), 65536));
fclose($f);
$c = tls_certs();
$tls_port = trident_free_port();
$code = str_replace('$server->on(', "\$server->listen('127.0.0.1', \$TLS_PORT, ['ssl_cert_file' => \$CERT, 'ssl_key_file' => \$KEY, 'open_http3_protocol' => true]);\n\$server->on(",
    static_server_code($root, ['open_http2_protocol' => true], h3_cert_vars($c) . "\$TLS_PORT = $tls_port;\n"));
$srv = new TridentTestServer($code);
$p = $srv->port;

echo "== the only worker is busy\n";
$sleeper = proc_open(['curl', '-sS', '--max-time', '10', $srv->url('/sleep')], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
usleep(300000);
$t0 = microtime(true);
[, $h1] = trident_curl(['-o', '/dev/null', '-w', '%{http_code} %{size_download}', $srv->url('/one.bin')]);
[, $h2] = trident_curl(['--http2-prior-knowledge', '-o', '/dev/null', '-w', '%{http_code} %{size_download} %{http_version}', $srv->url('/big.bin')]);
$r = h3_client($tls_port, ['/index.html']);
$took = microtime(true) - $t0;
echo "h1: $h1\nh2c: $h2\nh3: ", h3_status_summary($r), "\n";
echo "served within 1.5 s, before the 3 s handler ended: ", var_export($took < 1.5, true), "\n";
echo "sleeper: ", stream_get_contents($pipes[1]);
proc_close($sleeper);

echo "== slow readers of 64 MiB\n";
$master = $srv->pid();
$rss = fn() => (int)(preg_match('/VmRSS:\s+(\d+)/', (string)file_get_contents("/proc/$master/status"), $m) ? $m[1] : 0);
trident_curl(['-o', '/dev/null', $srv->url('/big.bin')]);  // warm up
$before = $rss();
$socks = [];
for ($i = 0; $i < 8; $i++) {  // ask, then never read
    $s = stream_socket_client("tcp://127.0.0.1:$p");
    fwrite($s, "GET /huge.bin HTTP/1.1\r\nHost: x\r\n\r\n");
    $socks[] = $s;
}
$procs = [];
$tls = ['--cacert', $c['cert'], '--resolve', "localhost:$tls_port:127.0.0.1", "https://localhost:$tls_port/huge.bin"];
for ($i = 0; $i < 3; $i++) {
    $procs[] = proc_open(['curl', '-sS', '--http2', '--limit-rate', '200K', '--max-time', '3', '-o', '/dev/null', ...$tls], [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pp);
    $procs[] = proc_open(['curl', '-sS', '--http1.1', '--limit-rate', '200K', '--max-time', '3', '-o', '/dev/null', ...$tls], [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pp);
}
$h3procs = [];
for ($i = 0; $i < 3; $i++) {
    $h3procs[] = proc_open(['gtlsclient', '--no-quic-dump', '--no-http-dump', '--timeout=5s', '127.0.0.1', (string)$tls_port, "https://127.0.0.1:$tls_port/huge.bin"],
        [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pp);
}
usleep(150000);
foreach ($h3procs as $hp) exec('kill -STOP ' . proc_get_status($hp)['pid']);
sleep(2);
$peak = $rss();
foreach ($h3procs as $hp) { $pid = proc_get_status($hp)['pid']; exec("kill -KILL $pid; kill -CONT $pid"); proc_close($hp); }
foreach ($procs as $pr) proc_close($pr);
foreach ($socks as $s) fclose($s);
$grew = $peak - $before;
// Unbounded, that would be 17 x 64 MiB; bounded, each response holds ~384 KiB + a chunk (plus TLS / HTTP/2 / QUIC buffers).
echo "master grew < 32 MiB with 17 slow readers of 64 MiB each: ", var_export($grew < 32768, true), $grew < 32768 ? '' : " ($grew KiB)", "\n";
[, $out] = trident_curl(['-o', "$base/huge.out", '-w', '%{size_download}', $srv->url('/huge.bin')], 60);
echo "full-speed h1: $out ", var_export(hash_file('sha256', "$base/huge.out") === hash_file('sha256', "$root/huge.bin"), true), "\n";
[, $out] = trident_curl(['--http2', '-o', "$base/huge.out", '-w', '%{size_download}', ...$tls], 60);
echo "full-speed h2: $out ", var_export(hash_file('sha256', "$base/huge.out") === hash_file('sha256', "$root/huge.bin"), true), "\n";

echo "== many requests\n";
$roles = rss_roles($srv, array_map('intval', explode(',', trident_curl([$srv->url('/pids')])[1])));
$h2load = fn(int $n, array $o) => rss_h2load_summary(trident_run(['h2load', ...$o, '-n', (string)$n, '-c', '10', '-m', '4', $srv->url('/one.bin')], null, 120)[1]);
echo "warm-up: ", $h2load(20000, []), ' ', $h2load(10000, ['--h1']), "\n";
$before = rss_snapshot($srv);
echo "measured: ", $h2load(60000, []), ' ', $h2load(40000, ['--h1']), "\n";
$after = rss_snapshot($srv);
echo rss_report($roles, $before, $after, 3072);
$srv->stop();
static_rm($base);
?>
--EXPECT--
== the only worker is busy
h1: 200 1024
h2c: 200 5242880 2
h3: 200 x1
served within 1.5 s, before the 3 s handler ended: true
sleeper: slept
== slow readers of 64 MiB
master grew < 32 MiB with 17 slow readers of 64 MiB each: true
full-speed h1: 67108864 true
full-speed h2: 67108864 true
== many requests
warm-up: 20000 of 20000 succeeded, failed 0, errored 0, timeout 0 10000 of 10000 succeeded, failed 0, errored 0, timeout 0
measured: 60000 of 60000 succeeded, failed 0, errored 0, timeout 0 40000 of 40000 succeeded, failed 0, errored 0, timeout 0
manager: flat
master: flat
worker: flat