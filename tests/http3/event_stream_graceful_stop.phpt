--TEST--
HTTP/3 event stream at a graceful stop: with max_wait_time 10 s, SIGTERM cancels the coroutine writing a text/event-stream response over HTTP/3, its finally block sends a last event, the stream ends cleanly for gtlsclient, and the server is gone in well under max_wait_time; stats() counted the stream under http3_event_stream_num
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';

$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 3, 'max_wait_time' => 10,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['path_info'] === '/stats') {
        $res->end((string)$server->stats()['http3_event_stream_num']);
        return;
    }
    $res->header('Content-Type', 'text/event-stream');
    $i = 0;
    try {
        while ($res->write("data: tick " . $i++ . "\n\n")) Trident\Coroutine::sleep(0.1);
    } finally {
        $res->end("event: bye\n\n");
    }
});
$server->start();
PHP);

$dl = tls_temp_dir();
$p = proc_open(['gtlsclient', '--no-quic-dump', '--no-http-dump', '--timeout=30s', "--download=$dl",
    '--exit-on-all-streams-close', '127.0.0.1', (string)$srv->port, "https://127.0.0.1:{$srv->port}/events"],
    [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
$open = '';
$deadline = microtime(true) + 10;
do {
    usleep(50000);
    [, $open] = trident_curl(['-sk', "https://127.0.0.1:{$srv->port}/stats"]);
} while ($open !== '1' && microtime(true) < $deadline);
echo "http3_event_stream_num while open: $open\n";
usleep(300000);
$t = microtime(true);
$log = $srv->stop(15);
$took = microtime(true) - $t;
$rc = proc_close($p);
$body = (string)@file_get_contents("$dl/events");
$events = array_values(array_filter(explode("\n\n", $body), 'strlen'));
echo "gtlsclient rc=$rc, ticks before: ", var_export(count($events) >= 3, true), ", last event: ", json_encode(end($events)), "\n";
echo "stopped well before max_wait_time (< 4 s): ", var_export($took < 4, true), "\n";
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECT--
http3_event_stream_num while open: 1
gtlsclient rc=0, ticks before: true, last event: "event: bye"
stopped well before max_wait_time (< 4 s): true
log: ""
