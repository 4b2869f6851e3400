--TEST--
HTTP/2: a worker killed (SIGKILL) while it handles one stream: that stream gets 502 (RST_STREAM once the response started), a concurrent stream on the same connection served by the other worker completes, later streams succeed
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl','nghttp','h2load']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
require __DIR__ . '/../server/lifecycle.inc';
// $MARK: handlers say where they are; $GO: the test creates it once it has the first DATA of
// /die-mid, and only then does that handler kill its worker.
$mark = lc_tempfile('h2kill');
$go = lc_tempfile('h2go');
unlink($go);
$srv = new TridentTestServer(lc_define('MARK', $mark) . lc_define('GO', $go) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
// One reactor: least-loaded dispatch sends /die to the worker that is not busy with /slow.
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    switch ($req->server['path_info']) {
        case '/slow':
            file_put_contents($GLOBALS['MARK'], "slow started\n", FILE_APPEND | LOCK_EX);
            usleep(1200000);
            $res->end("slow done by {$server->workerId}");
            return;
        case '/die':
            exec('kill -9 ' . getmypid());
            usleep(5000000);
            $res->end('still alive?');
            return;
        case '/die-mid':
            $res->write('partial;');
            // Until the client has the head and the first DATA (at most 10 s).
            for ($i = 0; $i < 1000 && !file_exists($GLOBALS['GO']); $i++) usleep(10000);
            exec('kill -9 ' . getmypid());
            usleep(5000000);
            $res->end('still alive?');
            return;
        case '/stats':
            $res->end(json_encode($server->stats()));
            return;
        default:
            $res->end("ok {$server->workerId}");
    }
});
$server->start();
PHP);

function respawned(TridentTestServer $srv, int $restarts): bool {
    $deadline = microtime(true) + 5;
    do {
        [$st, $body] = h2_curl_get($srv->url('/stats'));
        $s = json_decode($body, true);
        if ($st === 200 && array_sum(array_column($s['workers'] ?? [], 'restart_count')) >= $restarts
            && min(array_column($s['workers'], 'pid')) > 0) return true;
        usleep(100000);
    } while (microtime(true) < $deadline);
    return false;
}

$c = new H2Raw($srv->port);
$c->handshake();
$t0 = microtime(true);
$c->request(1, '/slow');
lc_wait_lines($mark, '/^slow started$/');   // /slow runs on one worker now
$c->request(3, '/die');
[$st, , $body, $how] = $c->response(3);
echo "/die (stream 3): ", $how === 'end' ? "$st " . trim($body) : $how, "\n";
[$st, , $body, $how] = $c->response(1);
echo "/slow (stream 1): $st ", preg_replace('/\d$/', 'N', $body), " $how\n";
echo "/slow was not cut short: ", var_export(microtime(true) - $t0 >= 1.2, true), "\n";
echo "worker respawned: ", var_export(respawned($srv, 1), true), "\n";

// Killed after the response started: the head and the first DATA arrived; the stream is reset.
$c->request(5, '/die-mid');
$c->collect(10, fn($f) => $f[0] === H2_DATA && $f[2] === 5 && $f[3] !== '');
touch($go);
[$st, , $body, $how] = $c->response(5);
echo "/die-mid (stream 5): $st ", json_encode($body), " $how\n";
echo "worker respawned again: ", var_export(respawned($srv, 2), true), "\n";

// The connection itself survived both.
$codes = [];
for ($sid = 7; $sid < 27; $sid += 2) $c->request($sid, "/after$sid");
for ($sid = 7; $sid < 27; $sid += 2) { [$st, , , $how] = $c->response($sid); $codes["$st $how"] = ($codes["$st $how"] ?? 0) + 1; }
echo "10 later streams on the same connection: ", json_encode($codes), "\n";
echo "no GOAWAY: ", var_export($c->goaway === null && !$c->eof, true), "\n";
$c->close();
[$st, $body] = h2_curl_get($srv->url('/stats'));
$s = json_decode($body, true);
echo "fresh connection: $st; worker_lost_request_count ", $s['worker_lost_request_count'] ?? '?', ", worker_abnormal_exit_count ", $s['worker_abnormal_exit_count'] ?? '?', "\n";
$log = $srv->stop();
echo "log mentions the kills: ", substr_count($log, 'killed by signal 9'), "\n";
?>
--EXPECT--
/die (stream 3): 502 Bad Gateway
/slow (stream 1): 200 slow done by N end
/slow was not cut short: true
worker respawned: true
/die-mid (stream 5): 200 "partial;" rst INTERNAL_ERROR
worker respawned again: true
10 later streams on the same connection: {"200 end":10}
no GOAWAY: true
fresh connection: 200; worker_lost_request_count 2, worker_abnormal_exit_count 2
log mentions the kills: 2
