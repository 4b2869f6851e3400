--TEST--
HTTP/3 reload under load: SIGUSR1 while h3load keeps 8 QUIC connections x 8 streams busy; every request succeeds (the QUIC connections live in the reactors and survive the worker swap), the worker pids change
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(['kill']); if (!is_executable(__DIR__ . '/../../bench/h3load/h3load')) die('skip bench/h3load/h3load not built (bench/h3load/build.sh)'); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
require __DIR__ . '/../server/lifecycle.inc';
$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'max_wait_time' => 5,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['request_uri'] === '/pids') {
        $res->end(implode(',', array_column($server->stats()['workers'], 'pid')));
        return;
    }
    Trident\Coroutine::sleep(0.01);
    $res->end('ok');
});
$server->start();
PHP);
$pids = function () use ($srv, $c) {
    $dl = tls_temp_dir();
    h3_client($srv->port, ['/pids'], ["--download=$dl"]);
    return (string)@file_get_contents("$dl/pids");
};
// Once both workers are up.
$before = lc_until(fn() => preg_match('/^[1-9]\d*,[1-9]\d*$/', $p = $pids()) ? $p : null, 10) ?: '';
$h3load = __DIR__ . '/../../bench/h3load/h3load';
$p = proc_open([$h3load, '-c', '8', '-m', '8', '-D', '3', "https://127.0.0.1:{$srv->port}/"],
               [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
usleep(1000000);
trident_run(['kill', '-USR1', (string)$srv->pid()]);
$out = stream_get_contents($pipes[1]);
$err = stream_get_contents($pipes[2]);
proc_close($p);
preg_match('/^requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout/m', $out, $m);
echo "during the reload: ", $m ? (($m[3] === $m[2] && $m[2] > 1000) ? "all done > 1000 succeeded" : "done {$m[2]}, succeeded {$m[3]}") .
    ", failed {$m[4]}, errored {$m[5]}, timeout {$m[6]}" : "no summary:\n$out$err", "\n";
$after = lc_until(fn() => preg_match('/^[1-9]\d*,[1-9]\d*$/', $p = $pids()) && !array_intersect(explode(',', $before), explode(',', $p)) ? $p : null, 5) ?: $pids();
echo "worker pids changed: ", var_export($before !== '' && $after !== '' && array_intersect(explode(',', $before), explode(',', $after)) === [], true), "\n";
$log = $srv->stop();
echo preg_match('/Fatal|Warning/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
during the reload: all done > 1000 succeeded, failed 0, errored 0, timeout 0
worker pids changed: true
log clean
