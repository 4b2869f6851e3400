--TEST--
Coroutine server: on a single worker a request sleeping 1 s does not hold up a fast one sent after it (separate HTTP/1.1 connections, and two HTTP/2 streams on one connection)
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/cs.inc';
require __DIR__ . '/../http2/h2raw.inc';

// The /slow handler records that it sleeps: /fast is sent only then.
$mark = lc_tempfile('slowfast');
$srv = new TridentTestServer(lc_define('MARK', $mark) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) {
    if ($req->server['path_info'] === '/slow') {
        file_put_contents($GLOBALS['MARK'], "slow sleeping\n", FILE_APPEND | LOCK_EX);
        Trident\Coroutine::sleep(1.0);
    }
    $res->end(substr($req->server['path_info'], 1) . ' ' . getmypid());
});
$server->start();
PHP);

[$st, $body] = lc_get($srv->url('/pid'));
$pid = substr($body, 4);
echo "worker: $st, pid known: ", var_export((int)$pid > 0, true), "\n";

// HTTP/1.1: /slow on one connection, /fast on another once /slow sleeps. Held up, /fast would
// take about the remaining 1 s of the sleep.
$slow = cs_parallel_start($srv->port, ['/slow']);
lc_wait_lines($mark, '/^slow sleeping$/', 1);
$fast = cs_parallel_get($srv->port, ['/fast'], 5);
[$st, $body, $t] = $fast['res'][0];
echo "HTTP/1.1 /fast: $st ", $body === "fast $pid" ? 'same worker' : json_encode($body), ", < 0.6 s: ", var_export($t < 0.6, true), sprintf(" (%.3f s)", $t), "\n";
[$st, $body, $t] = cs_parallel_finish($slow, 5)['res'][0];
echo "HTTP/1.1 /slow: $st ", $body === "slow $pid" ? 'same worker' : json_encode($body), ", 1.0 to 3.0 s: ", var_export($t >= 1.0 && $t < 3.0, true), "\n";

// HTTP/2: stream 1 /slow, stream 3 /fast once /slow sleeps, on one connection.
$c = new H2Raw($srv->port);
$c->handshake();
$t0 = microtime(true);
$c->request(1, '/slow');
lc_wait_lines($mark, '/^slow sleeping$/', 2);
$t1 = microtime(true);
$c->request(3, '/fast');
[$st, , $body, $how] = $c->response(3, 5);
$t = microtime(true) - $t1;
echo "HTTP/2 stream 3 /fast: $st $how ", $body === "fast $pid" ? 'same worker' : json_encode($body), ", < 0.6 s: ", var_export($t < 0.6, true), sprintf(" (%.3f s)", $t), "\n";
echo "stream 1 still open then: ", var_export(($c->streams[1][3] ?? null) === null, true), "\n";
[$st, , $body, $how] = $c->response(1, 5);
$t = microtime(true) - $t0;
echo "HTTP/2 stream 1 /slow: $st $how ", $body === "slow $pid" ? 'same worker' : json_encode($body), ", 1.0 to 3.0 s: ", var_export($t >= 1.0 && $t < 3.0, true), "\n";
$c->close();
$log = $srv->stop();
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECTF--
worker: 200, pid known: true
HTTP/1.1 /fast: 200 same worker, < 0.6 s: true (%f s)
HTTP/1.1 /slow: 200 same worker, 1.0 to 3.0 s: true
HTTP/2 stream 3 /fast: 200 end same worker, < 0.6 s: true (%f s)
stream 1 still open then: true
HTTP/2 stream 1 /slow: 200 end same worker, 1.0 to 3.0 s: true
log: ""
