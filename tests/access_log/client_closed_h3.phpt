--TEST--
access_log: an HTTP/3 request whose client closes the connection (CONNECTION_CLOSE) while the handler runs is logged with status 499 and counted in trident_http_responses_total{protocol="http3",status_class="4xx"}
--SKIPIF--
<?php require __DIR__ . '/../http3/h3.inc'; h3_skipif(['curl']); if (!is_executable(__DIR__ . '/../../bench/h3load/h3load')) die('skip bench/h3load/h3load not built (bench/h3load/build.sh)'); ?>
--FILE--
<?php
require __DIR__ . '/../http3/h3.inc';
$dir = sys_get_temp_dir() . '/trident_499h3_' . getmypid();
@mkdir($dir);
register_shutdown_function(function () use ($dir) { array_map('unlink', glob("$dir/*")); @rmdir($dir); });
$mport = trident_free_port();
$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . "\$LOG = '$dir/access.log'; \$MPORT = $mport;\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'access_log' => $LOG,
              'access_log_format' => 'combined', 'metrics' => "127.0.0.1:$MPORT",
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) {
    // Longer than h3load's -T: the client gives up first.
    for ($i = 0; $i < 200 && $res->isWritable(); $i++) Trident\Coroutine::sleep(0.05);
    $res->end('late');
});
$server->start();
PHP);
// -T 1: after a second h3load closes its connection (CONNECTION_CLOSE, H3_NO_ERROR).
[$rc, $out] = trident_run([__DIR__ . '/../../bench/h3load/h3load', '-n', '1', '-T', '1', '-H', 'user-agent: h3-closer',
    "https://127.0.0.1:{$srv->port}/slow"], null, 30);
echo "h3load exit $rc\n";
$deadline = microtime(true) + 10;
do {
    clearstatcache();
    $l = is_file("$dir/access.log") ? file("$dir/access.log", FILE_IGNORE_NEW_LINES) : [];
    if ($l) break;
    usleep(50000);
} while (microtime(true) < $deadline);
echo preg_replace('/\[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\]/', '[TIME]', $l[0] ?? 'NO LINE'), "\n";
[, $m] = trident_curl(["http://127.0.0.1:$mport/metrics"]);
echo preg_match('/^trident_http_responses_total\{protocol="http3",status_class="4xx"\} (\d+)$/m', $m, $mm) ? "http3 4xx: $mm[1]" : 'no sample', "\n";
echo 'server log: ', trim($srv->stop()) === '' ? 'quiet' : 'NOT QUIET', "\n";
?>
--EXPECT--
h3load exit 1
127.0.0.1 - - [TIME] "GET /slow HTTP/3.0" 499 0 "-" "h3-closer"
http3 4xx: 1
server log: quiet
