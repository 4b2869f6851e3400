--TEST--
Detached event stream written from another worker: worker_num 2 (round robin); a request on one worker opens a text/event-stream, sends a first event and detach()es it; a request served by the other worker (its pid differs) writes 3 events through Response::create($server, $id) and ends it; curl receives exactly those events then EOF (exit 0), over HTTP/1.1 and h2c; stats() counts the stream as an event stream and a detached one while it is open (detached_num, detached_count) and not after
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/../support/server.inc';

$code = <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'dispatch_mode' => 1, 'open_http2_protocol' => true, 'log_level' => 3]);
$file = sys_get_temp_dir() . "/trident_sse_cross_$PORT";
$server->on('Request', function ($req, $res) use ($server, $file) {
    $path = $req->server['path_info'];
    if ($path === '/stats') {
        $s = $server->stats();
        $res->end(json_encode(array_intersect_key($s, array_flip(['event_stream_num', 'http1_event_stream_num',
            'http2_event_stream_num', 'event_stream_count', 'detached_num', 'detached_count']))));
        return;
    }
    if ($path === '/events') {
        $res->header('Content-Type', 'text/event-stream');
        $res->write("event: open\ndata: {$req->server['server_protocol']}\n\n");
        $id = $res->detach();
        file_put_contents($file . '.tmp', "$id " . getmypid());
        rename($file . '.tmp', $file);
        return;  // the stream outlives the handler: another worker ends it
    }
    if ($path === '/push') {
        [$id, $pid] = explode(' ', file_get_contents($file));
        if ((int)$pid === getmypid()) { $res->end("same worker\n"); return; }
        $r = Trident\Http\Response::create($server, (int)$id);
        $ok = $r instanceof Trident\Http\Response && $r->isWritable();
        for ($i = 1; $i <= 3; $i++) $ok = $r->write("id: $i\ndata: pushed $i by another worker\n\n") && $ok;
        $ok = $r->end() && $ok;
        $res->end($ok ? "pushed\n" : "failed\n");
        return;
    }
    $res->status(404);
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
function stats(TridentTestServer $srv): array { return json_decode(trident_curl([$srv->url('/stats')])[1], true) ?: []; }

$srv = new TridentTestServer($code);
$file = sys_get_temp_dir() . "/trident_sse_cross_{$srv->port}";
foreach (['HTTP/1.1' => [], 'h2c' => ['--http2-prior-knowledge']] as $what => $flags) {
    @unlink($file);
    $sse = bg_curl(array_merge($flags, [$srv->url('/events')]));
    $deadline = microtime(true) + 10;
    while (!file_exists($file) && microtime(true) < $deadline) usleep(20000);
    echo "$what: detached: ", var_export(file_exists($file) && preg_match('/^\d+ \d+$/', file_get_contents($file)) === 1, true), "\n";
    echo "  stats while open: ", json_encode(stats($srv)), "\n";
    // Round robin: one of the next requests reaches the other worker.
    for ($i = 0, $pushed = ''; $i < 4 && $pushed !== "pushed\n"; $i++) $pushed = trident_curl([$srv->url('/push')])[1];
    echo "  push: ", json_encode($pushed), "\n";
    [$rc, $out] = bg_finish($sse);
    echo "  curl rc=$rc\n", preg_replace('/^/m', '  | ', rtrim($out)), "\n";
}
$deadline = microtime(true) + 5;
do { $s = stats($srv); } while ($s['detached_num'] !== 0 && microtime(true) < $deadline && usleep(20000) === null);
echo "stats after: ", json_encode($s), "\n";
@unlink($file);
$log = $srv->stop();
echo preg_match('/Fatal|Warning|Notice/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
HTTP/1.1: detached: true
  stats while open: {"event_stream_num":1,"http1_event_stream_num":1,"http2_event_stream_num":0,"event_stream_count":1,"detached_num":1,"detached_count":1}
  push: "pushed\n"
  curl rc=0
  | event: open
  | data: HTTP/1.1
  | 
  | id: 1
  | data: pushed 1 by another worker
  | 
  | id: 2
  | data: pushed 2 by another worker
  | 
  | id: 3
  | data: pushed 3 by another worker
h2c: detached: true
  stats while open: {"event_stream_num":1,"http1_event_stream_num":0,"http2_event_stream_num":1,"event_stream_count":2,"detached_num":1,"detached_count":2}
  push: "pushed\n"
  curl rc=0
  | event: open
  | data: HTTP/2
  | 
  | id: 1
  | data: pushed 1 by another worker
  | 
  | id: 2
  | data: pushed 2 by another worker
  | 
  | id: 3
  | data: pushed 3 by another worker
stats after: {"event_stream_num":0,"http1_event_stream_num":0,"http2_event_stream_num":0,"event_stream_count":2,"detached_num":0,"detached_count":2}
log clean
