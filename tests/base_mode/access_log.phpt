--TEST--
MODE_BASE access_log: each worker writes its own lines (its own writer thread, O_APPEND), one whole line per request from both workers over HTTP/1.1 and h2c, none lost, none mixed; the lines of a worker's last requests are written before it exits (reload); SIGUSR2 to the master reaches every worker and reopens the file
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'nghttp']); ?>
--FILE--
<?php
require __DIR__ . '/base.inc';
$dir = sys_get_temp_dir() . '/trident_base_access_' . getmypid();
@mkdir($dir);
register_shutdown_function(function () use ($dir) { array_map('unlink', glob("$dir/*")); @rmdir($dir); });
$log = "$dir/access.log";
$srv = new TridentTestServer("\$LOG = '$log';\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT, Trident\Http\Server::MODE_BASE);
$server->set(['worker_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true, 'access_log' => $LOG]);
$server->on('Request', function ($req, $res) use ($server) {
    $res->header('X-Worker', $server->workerId . ':' . getmypid());
    if ($req->server['request_uri'] === '/stats') { $res->end(json_encode($server->stats())); return; }
    $res->end(str_repeat('x', 10));
});
$server->start();
PHP);
function log_lines(string $path, int $n): array {
    $deadline = microtime(true) + 5;
    do {
        clearstatcache();
        $l = is_file($path) ? file($path, FILE_IGNORE_NEW_LINES) : [];
        if (count($l) >= $n) return $l;
        usleep(50000);
    } while (microtime(true) < $deadline);
    return $l;
}
lc_workers_up($srv, 2);
// 100 keep-alive requests on one connection to each worker, and 50 over h2c.
$conns = base_connections($srv->port, 2, 1);
$sent = 0;
foreach ($conns as $w => [$c]) {
    for ($i = 0; $i < 100; $i++) { $r = base_get($c, "/w$w/$i"); $sent += $r && $r[0] === 200; }
    fclose($c);
}
// (nghttp: curl 7.88 fails a second request on a prior-knowledge h2c connection, whatever the server.)
$h2 = [];
for ($i = 0; $i < 50; $i++) $h2[] = "http://127.0.0.1:{$srv->port}/h2/$i";
[$rc] = trident_run(['nghttp', '-n', ...$h2], null, 20);
$lines = log_lines($log, 200 + 50);
$mine = array_values(preg_grep('#"GET /(w\d|h2)/#', $lines));
$wellFormed = count(preg_grep('#^127\.0\.0\.1 - - \[[^]]+\] "GET /(w[01]/\d+ HTTP/1\.1|h2/\d+ HTTP/2\.0)" 200 10 "-" "[^"]*"$#', $mine));
$targets = array_map(fn($l) => preg_replace('#^.*"GET (\S+) .*$#', '$1', $l), $mine);
echo "requests answered: $sent over h1, nghttp h2c rc=$rc\n";
echo 'log lines for them: ', count($mine), ", well-formed: $wellFormed, distinct targets: ", count(array_unique($targets)), "\n";
foreach ([0, 1] as $w) {
    $t = array_values(preg_grep("#^/w$w/#", $targets));
    echo "worker $w lines in request order: ", $t === array_map(fn($i) => "/w$w/$i", range(0, 99)) ? 'yes' : 'no', "\n";
}
// logrotate: move the file, SIGUSR2; new lines go to a new file at the path.
rename($log, "$log.1");
lc_kill($srv->pid(), 'USR2');
usleep(500000);
for ($i = 0; $i < 10; $i++) lc_get($srv->url("/after/$i"));
$new = log_lines($log, 10);
echo 'new file after SIGUSR2: ', count(preg_grep('#"GET /after/\d+ #', $new)), " lines\n";
// A reload: the old workers write their last lines before they exit.
$c = stream_socket_client("tcp://127.0.0.1:{$srv->port}");
base_get($c, '/before-reload');
lc_kill($srv->pid(), 'USR1');
$all = log_lines($log, 12);
usleep(300000);
$all = file($log, FILE_IGNORE_NEW_LINES);
echo 'line of the last request before the reload: ', count(preg_grep('#"GET /before-reload #', $all)), "\n";
$srv->stop();
?>
--EXPECT--
requests answered: 200 over h1, nghttp h2c rc=0
log lines for them: 250, well-formed: 250, distinct targets: 250
worker 0 lines in request order: yes
worker 1 lines in request order: yes
new file after SIGUSR2: 10 lines
line of the last request before the reload: 1
