--TEST--
stats(): every key present, with sane values after N requests (request/response counts, connections, workers, per-worker pids and counts)
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['path_info'] === '/stats') { $res->end(json_encode($server->stats())); return; }
    $res->end((string)getmypid());
});
$server->start();
PHP);

$N = 24;
$t0 = time();
$res = lc_get_many(array_fill(0, 12, $srv->url('/r')));               // one connection, 12 requests
for ($i = 0; $i < 12; $i++) $res[] = lc_get($srv->url('/r'));        // 12 connections
echo "requests: ", count($res), ", all 200: ", var_export(array_unique(array_column($res, 0)) === [200], true), "\n";
// /stats on a connection that stays open: it is the only connection and the only request in
// flight once the server has seen the 13 earlier connections close (curl has closed them).
$s = lc_until(function () use ($srv) {
    $s = lc_stats($srv);
    return ($s && $s['connection_num'] === 1) ? $s : null;
}, 5) ?: lc_stats($srv);
$required = ['start_time', 'connection_num', 'accept_count', 'close_count', 'request_count', 'response_count', 'worker_num',
    'reactor_num', 'http1_request_count', 'bad_request_count', 'stale_response_dropped', 'client_abort_count',
    'worker_lost_request_count', 'timeout_count', 'worker_abnormal_exit_count', 'dispatch_wait_count', 'workers'];
echo "missing keys: [", implode(',', array_diff($required, array_keys($s))), "]\n";
echo "all counters are ints: ", var_export(array_filter(array_diff_key($s, ['workers' => 1]), fn($v) => !is_int($v)) === [], true), "\n";
echo "missing worker keys: [", implode(',', array_diff(['pid', 'request_count', 'in_flight', 'restart_count'], array_keys($s['workers'][0] ?? []))), "]\n";
echo "worker_num: {$s['worker_num']}, reactor_num: {$s['reactor_num']}, workers listed: ", count($s['workers']), "\n";
echo "start_time sane: ", var_export($s['start_time'] >= $t0 - 30 && $s['start_time'] <= time(), true), "\n";
echo "request_count >= N+1: ", var_export($s['request_count'] >= $N + 1, true), " (", $s['request_count'] - $N, " extra)\n";
echo "http1_request_count == request_count: ", var_export($s['http1_request_count'] === $s['request_count'], true), "\n";
echo "response_count >= N: ", var_export($s['response_count'] >= $N && $s['response_count'] < $s['request_count'], true), "\n";
echo "accept_count >= 14: ", var_export($s['accept_count'] >= 14, true), ", close_count + connection_num == accept_count: ",
    var_export($s['close_count'] + $s['connection_num'] === $s['accept_count'], true), "\n";
echo "connection_num: {$s['connection_num']}\n";
$pids = array_column($s['workers'], 'pid');
$served = array_unique(array_map('intval', array_column($res, 1)));
sort($served);
$sorted = $pids;
sort($sorted);
echo "worker pids > 0 and distinct, and they served the requests: ", var_export(min($pids) > 0 && count(array_unique($pids)) === 2 && $served === $sorted, true), "\n";
echo "per-worker request_count sums to N: ", array_sum(array_column($s['workers'], 'request_count')) === $N ? 'true' : array_sum(array_column($s['workers'], 'request_count')), "\n";
echo "in_flight (this /stats request): ", array_sum(array_column($s['workers'], 'in_flight')), "\n";
echo "restart_count: ", array_sum(array_column($s['workers'], 'restart_count')), "\n";
foreach (['bad_request_count', 'stale_response_dropped', 'client_abort_count', 'worker_lost_request_count', 'timeout_count', 'worker_abnormal_exit_count'] as $k) {
    echo "$k: {$s[$k]}\n";
}
$srv->stop();
?>
--EXPECT--
requests: 24, all 200: true
missing keys: []
all counters are ints: true
missing worker keys: []
worker_num: 2, reactor_num: 2, workers listed: 2
start_time sane: true
request_count >= N+1: true (1 extra)
http1_request_count == request_count: true
response_count >= N: true
accept_count >= 14: true, close_count + connection_num == accept_count: true
connection_num: 1
worker pids > 0 and distinct, and they served the requests: true
per-worker request_count sums to N: true
in_flight (this /stats request): 1
restart_count: 0
bad_request_count: 0
stale_response_dropped: 0
client_abort_count: 0
worker_lost_request_count: 0
timeout_count: 0
worker_abnormal_exit_count: 0
