--TEST--
exit() in a handler ends that request (with the status and headers set before it, else 200) and the worker lives on
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

$ev = lc_tempfile('exit');
$srv = new TridentTestServer(lc_define('EV', $ev) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('WorkerStart', function ($s, $id) { file_put_contents($GLOBALS['EV'], "start " . getmypid() . "\n", FILE_APPEND); });
$server->on('WorkerStop', function ($s, $id) { file_put_contents($GLOBALS['EV'], "stop " . getmypid() . "\n", FILE_APPEND); });
$server->on('Request', function ($req, $res) use ($server) {
    switch ($req->server['path_info']) {
        case '/exit':
            exit();
        case '/exit-status':
            $res->status(202);
            $res->header('X-Before-Exit', 'yes');
            exit(3);
        case '/exit-after-write':
            $res->write("partial;");
            $res->write("more;");
            exit('bye');
        case '/die-in-function':
            (function () { die(); })();
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

[, $pid] = lc_get($srv->url('/pid'));
echo "worker pid known: ", var_export((int)$pid > 0, true), "\n";

[$st, $body] = lc_get($srv->url('/exit'));
echo "/exit: $st [", $body, "]\n";
[$code, $out] = trident_curl(['-i', $srv->url('/exit-status')]);
[$st, $h, $body] = trident_parse_response($out);
echo "/exit-status: $st x-before-exit=", $h['x-before-exit'] ?? '-', " [", $body, "]\n";
[$st, $body] = lc_get($srv->url('/exit-after-write'));
echo "/exit-after-write: $st [", $body, "]\n";
[$st, $body] = lc_get($srv->url('/die-in-function'));
echo "/die-in-function: $st [", $body, "]\n";

$res = lc_get_many(array_fill(0, 5, $srv->url('/pid')));
echo "later requests: ", implode(' ', array_column($res, 0)), "\n";
echo "same worker pid throughout: ", var_export(array_unique(array_column($res, 1)) === [$pid], true), "\n";
$s = lc_stats($srv);
echo "restart_count: {$s['workers'][0]['restart_count']}, worker_abnormal_exit_count: {$s['worker_abnormal_exit_count']}\n";
$log = $srv->stop();
echo "worker started once: ", var_export(lc_lines($ev) === ["start $pid", "stop $pid"], true), "\n";
echo "exit() output went to the log, not the response: ", var_export(str_contains($log, 'bye'), true), "\n";
?>
--EXPECT--
worker pid known: true
/exit: 200 []
/exit-status: 202 x-before-exit=yes []
/exit-after-write: 200 [partial;more;]
/die-in-function: 200 []
later requests: 200 200 200 200 200
same worker pid throughout: true
restart_count: 0, worker_abnormal_exit_count: 0
worker started once: true
exit() output went to the log, not the response: true
