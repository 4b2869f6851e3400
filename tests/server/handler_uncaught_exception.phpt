--TEST--
Uncaught exception (and Error, e.g. an undefined function) in a handler: 500, message and trace in the server log, the same worker serves the next request
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

$srv = new TridentTestServer(<<<'PHP'
function deep_thrower_fn(string $what) { throw new RuntimeException("boom-marker-4242 $what"); }
function calls_the_thrower() { deep_thrower_fn('from handler'); }
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('Request', function ($req, $res) use ($server) {
    switch ($req->server['path_info']) {
        case '/throw':
            $res->header('X-Set-Before', 'yes');
            calls_the_thrower();
            return;
        case '/undefined':
            no_such_function_xyz_123();
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
[$code, $out] = trident_curl(['-i', $srv->url('/throw')]);
[$st, $h, $body] = trident_parse_response($out);
echo "/throw: $st, header set before the throw dropped: ", var_export(!isset($h['x-set-before']), true), "\n";
[$st2, $pid2] = lc_get($srv->url('/pid'));
echo "next request: $st2, same worker: ", var_export($pid2 === $pid, true), "\n";
[$st, $body] = lc_get($srv->url('/undefined'));
echo "/undefined: $st\n";
[$st3, $pid3] = lc_get($srv->url('/pid'));
echo "next request: $st3, same worker: ", var_export($pid3 === $pid, true), "\n";
// Ten more in a row on one connection, each after a throw.
$urls = [];
for ($i = 0; $i < 5; $i++) { $urls[] = $srv->url('/throw'); $urls[] = $srv->url('/pid'); }
$res = lc_get_many($urls);
echo "alternating: ", implode(' ', array_column($res, 0)), "\n";
echo "same worker pid: ", var_export(array_values(array_unique(array_column(array_filter($res, fn($r) => $r[0] === 200), 1))) === [$pid], true), "\n";
$s = lc_stats($srv);
echo "restart_count: {$s['workers'][0]['restart_count']}, worker_abnormal_exit_count: {$s['worker_abnormal_exit_count']}\n";
$log = $srv->stop();
echo "log has the message: ", var_export(str_contains($log, 'RuntimeException: boom-marker-4242 from handler'), true), "\n";
echo "log has the trace: ", var_export((bool)preg_match('/#0 .*deep_thrower_fn\(\'from handler\'\)/', $log)
    && (bool)preg_match('/#1 .*calls_the_thrower\(\)/', $log), true), "\n";
echo "log has the Error: ", var_export(str_contains($log, 'Call to undefined function no_such_function_xyz_123()'), true), "\n";
echo "logged once per throw: ", substr_count($log, 'boom-marker-4242 from handler'), "\n";
?>
--EXPECT--
/throw: 500, header set before the throw dropped: true
next request: 200, same worker: true
/undefined: 500
next request: 200, same worker: true
alternating: 500 200 500 200 500 200 500 200 500 200
same worker pid: true
restart_count: 0, worker_abnormal_exit_count: 0
log has the message: true
log has the trace: true
log has the Error: true
logged once per throw: 6
