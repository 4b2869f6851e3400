--TEST--
HTTP/2 load: h2load -n 100000 -c 16 -m 32 completes with 100000 succeeded, 0 failed, 0 errored, 100000 2xx; both workers served and the counters agree
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl','nghttp','h2load']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['path_info'] === '/stats') {
        $res->end(json_encode($server->stats()));
        return;
    }
    $res->header('Content-Type', 'text/plain');
    $res->end("hello from h2\n");
});
$server->start();
PHP);

$t0 = microtime(true);
[$rc, $out, $err] = trident_run(['h2load', '-n', '100000', '-c', '16', '-m', '32', '-T', '10', '-N', '10', $srv->url('/')], null, 40);
$wall = microtime(true) - $t0;
echo "h2load exit: $rc\n";
foreach (explode("\n", $out) as $l) {
    if (str_starts_with($l, 'requests:') || str_starts_with($l, 'status codes:')) echo trim($l), "\n";
}
echo "every response body exact (14 bytes each): ", var_export((bool)preg_match('/, ([\d.]+\w*B) \((\d+)\) data/', $out, $m) && (int)$m[2] === 100000 * 14, true), "\n";
printf("took < 15 s: %s\n", var_export($wall < 15, true));

[$st, $body] = h2_curl_get($srv->url('/stats'));
$s = json_decode($body, true);
echo "stats: $st http2_request_count ", $s['http2_request_count'] - 1, ", response_count >= 100000: ", var_export($s['response_count'] >= 100000, true), "\n";
$per = array_column($s['workers'], 'request_count');
echo "both workers served: ", var_export(count($per) === 2 && min($per) > 0, true), " (", json_encode($per), ")\n";
echo "worker_abnormal_exit_count: ", $s['worker_abnormal_exit_count'], ", http2_stream_reset_count: ", $s['http2_stream_reset_count'], "\n";
$srv->stop();
?>
--EXPECTF--
h2load exit: 0
requests: 100000 total, 100000 started, 100000 done, 100000 succeeded, 0 failed, 0 errored, 0 timeout
status codes: 100000 2xx, 0 3xx, 0 4xx, 0 5xx
every response body exact (14 bytes each): true
took < 15 s: true
stats: 200 http2_request_count 100000, response_count >= 100000: true
both workers served: true (%s)
worker_abnormal_exit_count: 0, http2_stream_reset_count: 0
