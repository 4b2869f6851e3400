--TEST--
HTTP/2 graceful shutdown (SIGTERM to the master) with a slow stream in flight: the client gets GOAWAY, the stream still completes with 200, new streams are refused, then every process exits
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl','nghttp','h2load','pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
require __DIR__ . '/../server/lifecycle.inc';
// The /slow handler records that it runs: the signal is sent while it is in flight.
$mark = lc_tempfile('h2gs');
$code = lc_define('MARK', $mark) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true, 'max_wait_time' => 5]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['path_info'] === '/slow') {
        file_put_contents($GLOBALS['MARK'], "slow started\n", FILE_APPEND | LOCK_EX);
        usleep(1500000);
    }
    $res->end($req->server['path_info'] . " done\n");
});
$server->start();
PHP;

function all_gone(TridentTestServer $srv, float $timeout): bool {
    $deadline = microtime(true) + $timeout;
    do {
        if (trim(trident_run(['pgrep', '-f', basename($srv->script)], null, 5)[1]) === '') return true;
        usleep(50000);
    } while (microtime(true) < $deadline);
    return false;
}

// 1. nghttp -v: the in-flight stream completes and the GOAWAY shows up in its log.
$srv = new TridentTestServer($code);
$out = tempnam(sys_get_temp_dir(), 'h2gs');
$p = proc_open(['nghttp', '-v', '-t', '10', $srv->url('/slow')], [0 => ['file', '/dev/null', 'r'], 1 => ['file', $out, 'w'], 2 => ['file', $out, 'a']], $pipes);
lc_wait_lines($mark, '/^slow started$/', 1);
exec('kill -TERM ' . $srv->pid());
$deadline = microtime(true) + 10;
while (($ps = proc_get_status($p))['running'] && microtime(true) < $deadline) usleep(20000);
$rc = $ps['running'] ? 'still running' : $ps['exitcode'];
if ($ps['running']) proc_terminate($p, 9);
proc_close($p);
$log = (string)file_get_contents($out);
@unlink($out);
echo "nghttp exit: $rc\n";
echo "recv GOAWAY: ", var_export((bool)preg_match('/recv GOAWAY frame <[^>]*>\n\s+\(last_stream_id=13, error_code=NO_ERROR\(0x00\)/', $log), true), "\n";
echo ":status 200: ", var_export(str_contains($log, 'recv (stream_id=13) :status: 200'), true), "\n";
echo "body: ", var_export(str_contains($log, "/slow done\n"), true), "\n";
echo "no RST_STREAM: ", var_export(!str_contains($log, 'recv RST_STREAM'), true), "\n";
echo "all processes exited: ", var_export(all_gone($srv, 8), true), "\n";
$srv->stop();

// 2. Raw client: GOAWAY names stream 1 as the last one; a stream opened afterwards is refused.
$srv = new TridentTestServer($code);
$c = new H2Raw($srv->port);
$c->handshake();
$c->request(1, '/slow');
lc_wait_lines($mark, '/^slow started$/', 2);
$t0 = microtime(true);
exec('kill -TERM ' . $srv->pid());
$c->collect(3, fn($f) => $f[0] === H2_GOAWAY);
echo "GOAWAY: ", $c->goaway ? h2_error_name($c->goaway['code']) . " last_stream_id=" . $c->goaway['last'] : 'none', "\n";
$c->request(3, '/late');
[$st, , $body, $how] = $c->response(1, 5);
echo "stream 1: $st ", trim($body), " $how\n";
[$st3, , , $how3] = $c->response(3, 1);
echo "stream 3 (opened after the GOAWAY): ", $st3 ?: 'no response', " $how3\n";
$c->collect(3);
echo "connection closed by the server: ", var_export($c->eof, true), "\n";
$c->close();
echo "all processes exited: ", var_export(all_gone($srv, 8), true), "\n";
echo "new connections refused: ", var_export(@stream_socket_client("tcp://127.0.0.1:{$srv->port}", $e, $s, 1) === false, true), "\n";
$srv->stop();
?>
--EXPECTREGEX--
nghttp exit: 0
recv GOAWAY: true
:status 200: true
body: true
no RST_STREAM: true
all processes exited: true
GOAWAY: NO_ERROR last_stream_id=1
stream 1: 200 \/slow done end
stream 3 \(opened after the GOAWAY\): (no response (eof|timeout|goaway NO_ERROR)|0 rst REFUSED_STREAM)
connection closed by the server: true
all processes exited: true
new connections refused: true
