--TEST--
Coroutine server: an uncaught exception thrown after Coroutine::sleep() gives that request 500 with its message and trace in the log; other requests sleeping in the same worker and later ones are served by the same worker
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/cs.inc';

$srv = new TridentTestServer(<<<'PHP'
use Trident\Coroutine;

function throws_after_sleep(string $what) {
    Coroutine::sleep(0.1);
    throw new RuntimeException("boom-after-sleep-5151 $what");
}
function calls_thrower(string $what) { throws_after_sleep($what); }

$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('Request', function ($req, $res) use ($server) {
    switch ($req->server['path_info']) {
        case '/throw':
            $res->header('X-Set-Before', 'yes');
            calls_thrower($req->get['w'] ?? '');
            $res->end('unreachable');
            return;
        case '/slow':
            Coroutine::sleep(1.0);
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
[$code, $out] = trident_curl(['-i', $srv->url('/throw?w=single')]);
[$st, $h, $body] = trident_parse_response($out);
echo "/throw: $st, header set before the throw dropped: ", var_export(!isset($h['x-set-before']), true), ", body: ", json_encode($body), "\n";

// Two throwing and two slow requests at once in the one worker: the exceptions end only
// their own coroutines.
$r = cs_parallel_get($srv->port, ['/slow', '/throw?w=c1', '/slow', '/throw?w=c2']);
foreach ($r['res'] as $i => [$st, $body]) echo "concurrent $i: $st ", $body === "slow $pid" ? 'slow, same worker' : json_encode($body), "\n";
// Overlapped the longest sleep (1 s) decides; one after the other they would take 2.2 s.
echo "concurrent wall < 1.8 s: ", var_export($r['wall'] < 1.8, true), "\n";

[$st, $pid2] = lc_get($srv->url('/pid'));
echo "next request: $st, same worker: ", var_export($pid2 === $pid, true), "\n";
$s = lc_stats($srv);
echo "restart_count: {$s['workers'][0]['restart_count']}, worker_abnormal_exit_count: {$s['worker_abnormal_exit_count']}\n";
$log = $srv->stop();
foreach (['single', 'c1', 'c2'] as $w) {
    echo "log has the message for $w: ", var_export(str_contains($log, "RuntimeException: boom-after-sleep-5151 $w"), true), "\n";
    echo "log has the trace for $w: ", var_export((bool)preg_match("/#0 .*throws_after_sleep\('$w'\)\n#1 .*calls_thrower\('$w'\)/", $log), true), "\n";
}
echo "logged once per throw: ", substr_count($log, 'boom-after-sleep-5151 '), "\n";
?>
--EXPECT--
/throw: 500, header set before the throw dropped: true, body: ""
concurrent 0: 200 slow, same worker
concurrent 1: 500 ""
concurrent 2: 200 slow, same worker
concurrent 3: 500 ""
concurrent wall < 1.8 s: true
next request: 200, same worker: true
restart_count: 0, worker_abnormal_exit_count: 0
log has the message for single: true
log has the trace for single: true
log has the message for c1: true
log has the trace for c1: true
log has the message for c2: true
log has the trace for c2: true
logged once per throw: 3
