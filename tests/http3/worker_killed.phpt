--TEST--
HTTP/3: a worker killed (SIGKILL) before answering gives its stream 502 while another stream of the connection is answered by the other worker; a worker killed after the response started resets its stream (H3_INTERNAL_ERROR); both times a request opened on the same connection after that stream closed is answered, and the worker is respawned
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
// $GO: the test creates it once the client has the first DATA of /die-mid; only then does
// that handler kill its worker.
$go = "{$c['dir']}/go";
// One reactor: least-loaded dispatch sends /die to the worker that is not busy with /slow.
// max_concurrent_streams 2: gtlsclient can only open the third stream (/after) once one of
// the first two has closed, so /after is a new request made after the 502 / the reset.
$srv = new TridentTestServer(h3_cert_vars($c) . tls_php_var('GO', $go) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'max_concurrent_streams' => 2,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    switch ($req->server['path_info']) {
        case '/slow':
            Trident\Coroutine::sleep(1.0);
            $res->end("slow done by worker {$server->workerId}\n");
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
            $res->end("after by worker {$server->workerId}\n");
    }
});
$server->start();
PHP);

function stats(int $port): array {
    $dl = tls_temp_dir();
    h3_client($port, ['/stats'], ["--download=$dl"], 10);
    return json_decode((string)@file_get_contents("$dl/stats"), true) ?: [];
}

/** Waits until $restarts restarts happened and every worker slot has a live pid. */
function respawned(int $port, int $restarts): ?array {
    $deadline = microtime(true) + 5;
    do {
        $s = stats($port);
        if ($s && array_sum(array_column($s['workers'], 'restart_count')) >= $restarts && min(array_column($s['workers'], 'pid')) > 0) return $s;
        usleep(100000);
    } while (microtime(true) < $deadline);
    return null;
}

/**
 * h3_client() in the background: once the client log shows the first DATA of the victim's
 * stream (stream 4), $go is created.
 */
function h3_client_go(int $port, array $paths, array $opts, string $go): array {
    $out = tls_temp_dir() . '.log';
    register_shutdown_function(static fn() => @unlink($out));
    $urls = array_map(fn($p) => "https://127.0.0.1:$port$p", $paths);
    $p = proc_open(array_merge(['gtlsclient', '--no-quic-dump', '--exit-on-all-streams-close', '--timeout=10s'], $opts,
        ['127.0.0.1', (string)$port], $urls), [0 => ['file', '/dev/null', 'r'], 1 => ['file', $out, 'w'], 2 => ['file', $out, 'a']], $pipes);
    $deadline = microtime(true) + 20;
    while (proc_get_status($p)['running'] && microtime(true) < $deadline) {
        if (!file_exists($go) && preg_match('/^http: stream 0x4 body \d+ bytes$/m', (string)@file_get_contents($out))) touch($go);
        usleep(10000);
    }
    if (proc_get_status($p)['running']) proc_terminate($p, 9);
    proc_close($p);
    $log = (string)file_get_contents($out);
    return ['streams' => h3_parse($log), 'handshake' => str_contains($log, 'QUIC handshake has completed'), 'log' => $log];
}

function run(int $port, string $victim, string $go): void {
    $dl = tls_temp_dir();
    $t0 = microtime(true);
    $r = $victim === '/die-mid'
        ? h3_client_go($port, ['/slow', $victim, '/after'], ["--download=$dl"], $go)
        : h3_client($port, ['/slow', $victim, '/after'], ["--download=$dl"], 10);
    $wall = microtime(true) - $t0;
    foreach ($r['streams'] as $id => $s) {
        echo "stream $id: status ", $s['status'] ?? '-', ", body {$s['body']} bytes, close {$s['close']}\n";
    }
    $slow = (string)@file_get_contents("$dl/slow");
    echo "/slow: ", preg_replace('/worker \d$/m', 'worker W', $slow);
    echo "$victim: ", json_encode((string)@file_get_contents("$dl" . $victim)), "\n";
    echo "/after: ", preg_replace('/worker \d$/m', 'worker W', (string)@file_get_contents("$dl/after"));
    $log = $r['log'];
    // The order on the client: the victim's stream closed, then /after was opened.
    $closed = strpos($log, 'HTTP stream 4 closed');
    $opened = strpos($log, 'http: stream 0x8 submit request headers');
    echo "/after was sent after the $victim stream closed: ", var_export($closed !== false && $opened !== false && $opened > $closed, true), "\n";
    if ($victim === '/die-mid') {
        // RESET_STREAM with H3_INTERNAL_ERROR (0x102).
        echo "RESET_STREAM received: ", preg_match('/frm rx \d+ 1RTT RESET_STREAM\(0x04\) id=0x4 app_error_code=\S*\((0x[0-9a-f]+)\)/', $log, $m) ? $m[1] : 'no', "\n";
    }
    echo "/slow not cut short: ", var_export($wall >= 1.0, true), "\n";
}

echo "=== killed before answering\n";
run($srv->port, '/die', $go);
$s = respawned($srv->port, 1);
echo "worker respawned: ", var_export($s !== null, true), "\n";
echo "=== killed after the response started\n";
run($srv->port, '/die-mid', $go);
$s = respawned($srv->port, 2);
echo "worker respawned again: ", var_export($s !== null, true), "\n";
echo "worker_lost_request_count: ", $s['worker_lost_request_count'] ?? '?', ", worker_abnormal_exit_count: ", $s['worker_abnormal_exit_count'] ?? '?', "\n";
$dl = tls_temp_dir();
$r = h3_client($srv->port, ['/a', '/b', '/c', '/d'], ["--download=$dl"], 10);
echo "fresh connection: ", h3_status_summary($r), "\n";
$log = $srv->stop();
echo "log mentions the kills: ", substr_count($log, 'killed by signal 9'), "\n";
echo "lost requests logged: ", substr_count($log, 'with 1 request(s) in flight'), "\n";
?>
--EXPECT--
=== killed before answering
stream 0: status 200, body 22 bytes, close 256
stream 4: status 502, body 12 bytes, close 256
stream 8: status 200, body 18 bytes, close 256
/slow: slow done by worker W
/die: "Bad Gateway\n"
/after: after by worker W
/after was sent after the /die stream closed: true
/slow not cut short: true
worker respawned: true
=== killed after the response started
stream 0: status 200, body 22 bytes, close 256
stream 4: status 200, body 8 bytes, close 258
stream 8: status 200, body 18 bytes, close 256
/slow: slow done by worker W
/die-mid: "partial;"
/after: after by worker W
/after was sent after the /die-mid stream closed: true
RESET_STREAM received: 0x102
/slow not cut short: true
worker respawned again: true
worker_lost_request_count: 2, worker_abnormal_exit_count: 2
fresh connection: 200 x4
log mentions the kills: 2
lost requests logged: 2
