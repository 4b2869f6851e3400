--TEST--
HTTP/3 event stream quieter than the idle timeout: with http_idle_timeout 1 s, a text/event-stream response that sends an event every 2.5 s reaches the client whole (the QUIC connection is kept alive with PINGs while a request stream is open, instead of idling out after 1 s); an idle connection still closes after its idle timeout
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';

$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'http_idle_timeout' => 1.0,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) {
    $res->header('Content-Type', 'text/event-stream');
    for ($i = 0; $i < 3; $i++) {
        $res->write("data: tick $i\n\n");
        Trident\Coroutine::sleep(2.5);
    }
    $res->end("data: done\n\n");
});
$server->start();
PHP);

$dl = tls_temp_dir();
$t = microtime(true);
[$rc, $out, $err] = trident_run(['gtlsclient', '--no-quic-dump', '--no-http-dump', '--timeout=30s', "--download=$dl",
    '--exit-on-all-streams-close', '127.0.0.1', (string)$srv->port, "https://127.0.0.1:{$srv->port}/events"], null, 30);
$took = microtime(true) - $t;
echo "gtlsclient rc=$rc, idle close seen: ", var_export(str_contains($out . $err, 'IDLE'), true), "\n";
echo "body: ", json_encode(@file_get_contents("$dl/events")), "\n";
echo "took the 7.5 s of the stream: ", var_export($took >= 7.4 && $took < 20, true), "\n";

// A connection with nothing open still idles out: a client that sends nothing after its
// request completes sees the server's idle close (no PINGs keep it alive).
$t = microtime(true);
[$rc, $out, $err] = trident_run(['gtlsclient', '--no-quic-dump', '--no-http-dump', '--timeout=30s', "--download=$dl",
    '127.0.0.1', (string)$srv->port, "https://127.0.0.1:{$srv->port}/again"], null, 40);
$took = microtime(true) - $t;
echo "idle connection closed by the server after its stream (< 12 s): ", var_export($took < 12, true), "\n";
echo $srv->stop() === '' ? "log: empty\n" : "log: not empty\n";
?>
--EXPECT--
gtlsclient rc=0, idle close seen: false
body: "data: tick 0\n\ndata: tick 1\n\ndata: tick 2\n\ndata: done\n\n"
took the 7.5 s of the stream: true
idle connection closed by the server after its stream (< 12 s): true
log: empty
