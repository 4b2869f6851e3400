--TEST--
dispatch_mode session_affinity (worker_num 2, one reactor): every request of one keep-alive connection goes to the same worker, even when that worker is busy
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'dispatch_mode' => Trident\Http\Server::DISPATCH_SESSION_AFFINITY]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['path_info'] === '/slow') usleep(300000);
    $res->end((string)$server->workerId);
});
$server->start();
PHP);

// Three keep-alive connections, one after the other, 8 requests each.
for ($c = 0; $c < 3; $c++) {
    $res = lc_get_many(array_fill(0, 8, $srv->url('/')));
    echo "connection $c: ", count($res), " requests, statuses ", implode(',', array_unique(array_column($res, 0))),
        ", connections used ", array_sum(array_column($res, 2)), ", workers used ", count(array_unique(array_column($res, 1))), "\n";
}

// A connection that pipelines a slow and a fast request gets both from the same worker, although
// the other worker is idle (least_loaded would send the fast one there).
$raw = "GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
$out = trident_raw($srv->port, $raw, 5);
preg_match_all('/\r\n\r\n([01])/', $out, $m);
echo "pipelined slow+fast: ", count($m[1]), " responses, same worker: ", var_export(count($m[1]) === 2 && $m[1][0] === $m[1][1], true), "\n";
$srv->stop();
?>
--EXPECT--
connection 0: 8 requests, statuses 200, connections used 1, workers used 1
connection 1: 8 requests, statuses 200, connections used 1, workers used 1
connection 2: 8 requests, statuses 200, connections used 1, workers used 1
pipelined slow+fast: 2 responses, same worker: true
