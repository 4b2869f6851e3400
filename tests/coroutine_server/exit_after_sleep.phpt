--TEST--
Coroutine server: exit() after Coroutine::sleep() ends only that request (200, or the status set before it) and runs its finally blocks; requests sleeping alongside complete and the worker pid stays the same
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/cs.inc';

$ev = lc_tempfile('coexit');
$srv = new TridentTestServer(lc_define('EV', $ev) . <<<'PHP'
use Trident\Coroutine;

$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('WorkerStart', function ($s, $id) { file_put_contents($GLOBALS['EV'], "start " . getmypid() . "\n", FILE_APPEND); });
$server->on('Request', function ($req, $res) use ($server) {
    $tag = $req->get['t'] ?? '';
    switch ($req->server['path_info']) {
        case '/exit':
            try {
                Coroutine::sleep(0.1);
                exit();
            } finally {
                file_put_contents($GLOBALS['EV'], "finally $tag\n", FILE_APPEND);
            }
        case '/exit-status':
            $res->status(202);
            $res->header('X-Before-Exit', 'yes');
            Coroutine::sleep(0.1);
            exit(3);
        case '/exit-after-write':
            $res->write('partial;');
            Coroutine::sleep(0.1);
            $res->write('more;');
            exit('bye-after-sleep');
        case '/slow':
            Coroutine::sleep(0.3);
            $res->end('slow ' . getmypid());
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
[$st, $body] = lc_get($srv->url('/exit?t=single'));
echo "/exit: $st [$body]\n";
[$code, $out] = trident_curl(['-i', $srv->url('/exit-status')]);
[$st, $h, $body] = trident_parse_response($out);
echo "/exit-status: $st x-before-exit=", $h['x-before-exit'] ?? '-', " [$body]\n";
[$st, $body] = lc_get($srv->url('/exit-after-write'));
echo "/exit-after-write: $st [$body]\n";

// exit() in two coroutines while two others sleep in the same worker.
$r = cs_parallel_get($srv->port, ['/slow', '/exit?t=c1', '/slow', '/exit?t=c2']);
foreach ($r['res'] as $i => [$st, $body]) echo "concurrent $i: $st ", $body === "slow $pid" ? 'slow, same worker' : "[$body]", "\n";

$res = lc_get_many(array_fill(0, 3, $srv->url('/pid')));
echo "later requests: ", implode(' ', array_column($res, 0)), "\n";
echo "same worker pid throughout: ", var_export(array_unique(array_column($res, 1)) === [$pid], true), "\n";
$s = lc_stats($srv);
echo "restart_count: {$s['workers'][0]['restart_count']}, worker_abnormal_exit_count: {$s['worker_abnormal_exit_count']}\n";
$log = $srv->stop();
$lines = lc_lines($ev);
sort($lines);
echo "events: ", json_encode($lines === ['finally c1', 'finally c2', 'finally single', "start $pid"] ? 'finally x3, one worker start' : $lines), "\n";
echo "exit() output went to the log: ", var_export(str_contains($log, 'bye-after-sleep'), true), "\n";
?>
--EXPECT--
/exit: 200 []
/exit-status: 202 x-before-exit=yes []
/exit-after-write: 200 [partial;more;]
concurrent 0: 200 slow, same worker
concurrent 1: 200 []
concurrent 2: 200 slow, same worker
concurrent 3: 200 []
later requests: 200 200 200
same worker pid throughout: true
restart_count: 0, worker_abnormal_exit_count: 0
events: "finally x3, one worker start"
exit() output went to the log: true
