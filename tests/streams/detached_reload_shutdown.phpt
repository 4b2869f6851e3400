--TEST--
Detached streams are not their worker's: after a reload (SIGUSR1, every worker replaced, max_wait_time 10 s) a detached event stream is still open and a new worker writes and ends it; the reload does not wait for it; at server shutdown an open detached stream is ended by the server (curl exits 0) without waiting max_wait_time
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/../support/server.inc';

$code = <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'max_wait_time' => 10, 'log_level' => 3]);
$file = sys_get_temp_dir() . "/trident_sse_reload_$PORT";
$server->on('Request', function ($req, $res) use ($server, $file) {
    $path = $req->server['path_info'];
    if ($path === '/events') {
        $res->header('Content-Type', 'text/event-stream');
        $res->write("data: opened\n\n");
        $id = $res->detach();
        file_put_contents($file . '.tmp', "$id " . getmypid());
        rename($file . '.tmp', $file);
        return;
    }
    if ($path === '/push') {
        [$id] = explode(' ', file_get_contents($file));
        $r = Trident\Http\Response::create($server, (int)$id);
        $res->end($r && $r->write("data: from a new worker\n\n") && $r->end("data: bye\n\n") ? "pushed\n" : "gone\n");
        return;
    }
    if ($path === '/pids') { $res->end(implode(',', array_map(fn($w) => $w['pid'], $server->stats()['workers']))); return; }
    $res->end();
});
$server->start();
PHP;

function bg_curl(array $args): array {
    $p = proc_open(array_merge(['curl', '-sN', '--max-time', '20'], $args), [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    return [$p, $pipes];
}
function bg_finish(array $c): array {
    [$p, $pipes] = $c;
    $out = stream_get_contents($pipes[1]);
    fclose($pipes[1]); fclose($pipes[2]);
    return [proc_close($p), $out];
}
function wait_file(string $f): bool {
    $deadline = microtime(true) + 10;
    while (!file_exists($f) && microtime(true) < $deadline) usleep(20000);
    return file_exists($f);
}

$srv = new TridentTestServer($code);
$file = sys_get_temp_dir() . "/trident_sse_reload_{$srv->port}";
@unlink($file);
$sse = bg_curl([$srv->url('/events')]);
echo "detached: ", var_export(wait_file($file), true), "\n";
[, $before] = trident_curl([$srv->url('/pids')]);
$t = microtime(true);
posix_available() ? posix_kill($srv->pid(), SIGUSR1) : exec('kill -USR1 ' . $srv->pid());
$deadline = microtime(true) + 10;
do {
    usleep(50000);
    [, $after] = trident_curl([$srv->url('/pids')]);
} while (count(array_intersect(explode(',', $before), explode(',', $after))) > 0 && microtime(true) < $deadline);
echo "every worker replaced, well before max_wait_time (< 4 s): ", var_export(count(array_intersect(explode(',', $before), explode(',', $after))) === 0 && microtime(true) - $t < 4, true), "\n";
echo "push from a new worker: ", trident_curl([$srv->url('/push')])[1];
[$rc, $out] = bg_finish($sse);
echo "curl rc=$rc ", json_encode($out), "\n";

// Shutdown with a detached stream open.
@unlink($file);
$sse = bg_curl([$srv->url('/events')]);
echo "detached: ", var_export(wait_file($file), true), "\n";
$t = microtime(true);
$log = $srv->stop(15);
echo "stopped well before max_wait_time (< 4 s): ", var_export(microtime(true) - $t < 4, true), "\n";
[$rc, $out] = bg_finish($sse);
echo "curl rc=$rc ", json_encode($out), "\n";
@unlink($file);
echo preg_match('/Fatal|Warning|max_wait_time/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
detached: true
every worker replaced, well before max_wait_time (< 4 s): true
push from a new worker: pushed
curl rc=0 "data: opened\n\ndata: from a new worker\n\ndata: bye\n\n"
detached: true
stopped well before max_wait_time (< 4 s): true
curl rc=0 "data: opened\n\n"
log clean
