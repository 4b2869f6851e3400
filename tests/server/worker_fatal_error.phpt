--TEST--
Fatal error in a handler (memory exhausted, E_USER_ERROR): the client gets 502, the worker exits and is replaced, later requests succeed
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

// Note: calling an undefined function is not a fatal error in PHP 8 (it throws Error, see
// handler_uncaught_exception.phpt). These two are real engine bailouts.
$ev = lc_tempfile('fatal');
// memory_limit needs PHP's allocator: the ASan layer runs PHP with USE_ZEND_ALLOC=0 unless a
// test asks for it (tests/tools/asan/php); the server inherits this.
putenv('USE_ZEND_ALLOC=1');
$srv = new TridentTestServer(lc_define('EV', $ev) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('WorkerError', function ($s, int $id, int $pid, int $code, int $sig) {
    file_put_contents($GLOBALS['EV'], "workererror id=$id pid=$pid code=$code sig=$sig\n", FILE_APPEND | LOCK_EX);
});
$server->on('Request', function ($req, $res) use ($server) {
    switch ($req->server['path_info']) {
        case '/oom':
            ini_set('memory_limit', '16M');
            $res->header('X-Partial', 'no');
            $big = str_repeat('x', 64 << 20);
            $res->end('unreachable ' . strlen($big));
            return;
        case '/user-error':
            trigger_error('fatal-marker-7731', E_USER_ERROR);
            $res->end('unreachable');
            return;
        case '/stats':
            $res->end(json_encode($server->stats()));
            return;
        default:
            $res->end((string)getmypid());
    }
});
$server->start();
PHP);

$pids = [];
[, $pids[0]] = lc_get($srv->url('/pid'));
foreach (['/oom', '/user-error'] as $i => $path) {
    [$st, $body] = lc_get($srv->url($path));
    echo "$path: $st ", trim($body), "\n";
    // The very next request must be served (by the replacement worker), not lost.
    [$st, $body] = lc_get($srv->url('/pid'));
    $pids[$i + 1] = (int)$body;
    echo "next request: $st, by a new worker: ", var_export($st === 200 && (int)$body !== (int)$pids[$i], true), "\n";
}
$res = lc_get_many(array_fill(0, 10, $srv->url('/pid')));
echo "later requests: ", implode(' ', array_column($res, 0)), "\n";
echo "same new worker: ", var_export(array_unique(array_column($res, 1)) == [(string)$pids[2]], true), "\n";
$s = lc_stats($srv);
echo "restart_count: {$s['workers'][0]['restart_count']}, worker_abnormal_exit_count: {$s['worker_abnormal_exit_count']}, worker_lost_request_count: {$s['worker_lost_request_count']}\n";
$log = $srv->stop();
foreach (lc_lines($ev) as $i => $l) {
    preg_match('/pid=(\d+) code=(-?\d+) sig=(\d+)/', $l, $m);
    echo "WorkerError: pid matches: ", var_export((int)$m[1] === (int)$pids[$i], true), " code=$m[2] sig=$m[3]\n";
}
echo "log has the fatal errors: ", var_export(str_contains($log, 'Allowed memory size of 16777216 bytes exhausted')
    && str_contains($log, 'fatal-marker-7731'), true), "\n";
?>
--EXPECT--
/oom: 502 Bad Gateway
next request: 200, by a new worker: true
/user-error: 502 Bad Gateway
next request: 200, by a new worker: true
later requests: 200 200 200 200 200 200 200 200 200 200
same new worker: true
restart_count: 2, worker_abnormal_exit_count: 2, worker_lost_request_count: 2
WorkerError: pid matches: true code=255 sig=0
WorkerError: pid matches: true code=255 sig=0
log has the fatal errors: true
