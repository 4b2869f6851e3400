--TEST--
Event streams at a graceful stop: with max_wait_time 10 s, SIGTERM ends every open text/event-stream response at once (HTTP/1.1 and h2c): the coroutine writing it is cancelled, its finally block sends a last event and the stream ends cleanly (curl exits 0); stats() counts the open event streams per protocol; an ordinary request in flight is not cancelled and completes; the server is gone long before max_wait_time, with no max_wait_time warning; a reload (SIGUSR1) ends the streams the same way and new requests are served
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/../support/server.inc';

$code = <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'max_wait_time' => 10, 'open_http2_protocol' => true, 'log_level' => 3]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['path_info'] === '/stats') {
        $s = $server->stats();
        $res->end(json_encode(array_intersect_key($s, array_flip(['event_stream_num', 'http1_event_stream_num',
            'http2_event_stream_num', 'http3_event_stream_num', 'event_stream_count']))));
        return;
    }
    if ($req->server['path_info'] === '/slow') {
        Trident\Coroutine::sleep(1.0);
        $res->end("slow done\n");
        return;
    }
    if ($req->server['path_info'] === '/pid') { $res->end((string)getmypid()); return; }
    $res->header('Content-Type', 'text/event-stream');
    $i = 0;
    try {
        while ($res->write("data: tick " . $i++ . "\n\n")) Trident\Coroutine::sleep(0.1);
    } finally {
        $res->end("event: bye\ndata: after $i ticks\n\n");
    }
});
$server->start();
PHP;

/** Starts curl in the background; returns [process, stdout pipe]. */
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
/** The last event of an SSE body, and whether ticks came before it. */
function summary(array $r): string {
    [$rc, $out] = $r;
    $events = array_values(array_filter(explode("\n\n", $out), 'strlen'));
    $last = end($events) ?: '';
    return "curl rc=$rc, ticks before: " . var_export(count($events) >= 3, true) . ", last: " . json_encode(preg_replace('/\d+ ticks/', 'N ticks', $last));
}
/** Waits until stats() counts $n open event streams; returns the stats seen. */
function wait_for_streams(TridentTestServer $srv, int $n): array {
    $deadline = microtime(true) + 10;
    do {
        usleep(50000);
        $s = json_decode(trident_curl([$srv->url('/stats')])[1], true) ?: [];
    } while (($s['event_stream_num'] ?? -1) !== $n && microtime(true) < $deadline);
    return $s;
}

// 1. SIGTERM.
$srv = new TridentTestServer($code);
trident_curl([$srv->url('/pid')]);
$h1 = bg_curl([$srv->url('/events')]);
$h2 = bg_curl(['--http2-prior-knowledge', $srv->url('/events')]);
$slow = bg_curl([$srv->url('/slow')]);
echo "stats with both streams open: ", json_encode(wait_for_streams($srv, 2)), "\n";
usleep(300000);  // a few ticks on each
$t = microtime(true);
$log = $srv->stop(15);
$took = microtime(true) - $t;
echo "h1:   ", summary(bg_finish($h1)), "\n";
echo "h2c:  ", summary(bg_finish($h2)), "\n";
[$rc, $out] = bg_finish($slow);
echo "slow: curl rc=$rc ", json_encode($out), "\n";
echo "stopped well before max_wait_time (< 4 s): ", var_export($took < 4, true), "\n";
echo "max_wait_time warning: ", var_export(str_contains($log, 'max_wait_time'), true), "\n";
if (str_contains($log, "max_wait_time")) echo $log;

// 2. Reload.
$srv = new TridentTestServer($code);
[, $pid_before] = trident_curl([$srv->url('/pid')]);
$h1 = bg_curl([$srv->url('/events')]);
wait_for_streams($srv, 1);
usleep(300000);
posix_available() ? posix_kill($srv->pid(), SIGUSR1) : exec('kill -USR1 ' . $srv->pid());
echo "reload h1: ", summary(bg_finish($h1)), "\n";
$deadline = microtime(true) + 10;
do { usleep(50000); [, $pid_after] = trident_curl([$srv->url('/pid')]); } while ($pid_after === $pid_before && microtime(true) < $deadline);
echo "served by a new worker after the reload: ", var_export($pid_after !== $pid_before && preg_match("/^\\d+$/", $pid_after), true), "\n";
echo "stats after the reload: ", json_encode(wait_for_streams($srv, 0)), "\n";
$srv->stop();
?>
--EXPECT--
stats with both streams open: {"event_stream_num":2,"http1_event_stream_num":1,"http2_event_stream_num":1,"http3_event_stream_num":0,"event_stream_count":2}
h1:   curl rc=0, ticks before: true, last: "event: bye\ndata: after N ticks"
h2c:  curl rc=0, ticks before: true, last: "event: bye\ndata: after N ticks"
slow: curl rc=0 "slow done\n"
stopped well before max_wait_time (< 4 s): true
max_wait_time warning: false
reload h1: curl rc=0, ticks before: true, last: "event: bye\ndata: after N ticks"
served by a new worker after the reload: true
stats after the reload: {"event_stream_num":0,"http1_event_stream_num":0,"http2_event_stream_num":0,"http3_event_stream_num":0,"event_stream_count":1}
