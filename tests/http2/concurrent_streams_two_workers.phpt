--TEST--
HTTP/2: 100 concurrent streams on one connection are spread over 2 workers, each body matches its path, wall time far below 100 x 0.1 s
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl','nghttp','h2load']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true,
              'hook_flags' => 0]);  // usleep() blocks its worker: the test counts workers
$server->on('Request', function ($req, $res) use ($server) {
    usleep(100000);
    $res->header('Content-Type', 'text/plain');
    $res->end($req->server['request_uri'] . ':' . $server->workerId . ':' . $req->streamId . "\n");
});
$server->start();
PHP);

// nghttp sends every URI on one connection at once (up to the server's
// MAX_CONCURRENT_STREAMS, 128 here). curl 7.88 cannot multiplex h2c prior-knowledge
// transfers (curl issue #10634: a reused connection fails with exit 16), so nghttp is the
// multiplexing client.
$urls = [];
for ($i = 0; $i < 100; $i++) $urls[] = $srv->url("/p$i");
$har = tempnam(sys_get_temp_dir(), 'h2har');
$t0 = microtime(true);
[$rc, $out, $err] = trident_run(array_merge(['nghttp', '--no-dep', '-t', '20', '-r', $har], $urls), null, 25);
$wall = microtime(true) - $t0;
echo "nghttp exit: $rc\n";

$entries = json_decode((string)file_get_contents($har), true)['log']['entries'] ?? [];
@unlink($har);
$statuses = [];
foreach ($entries as $e) $statuses[$e['response']['status']] = ($statuses[$e['response']['status']] ?? 0) + 1;
echo "statuses: ", json_encode($statuses), "\n";

// Bodies arrive whole (one DATA frame each), one line per response.
$bodies = array_filter(explode("\n", $out), 'strlen');
$seen = [];
$perWorker = [];
$streams = [];
$bad = 0;
foreach ($bodies as $b) {
    if (!preg_match('#^/p(\d+):([01]):(\d+)$#', $b, $m)) { $bad++; continue; }
    $seen[(int)$m[1]] = ($seen[(int)$m[1]] ?? 0) + 1;
    $perWorker[$m[2]] = ($perWorker[$m[2]] ?? 0) + 1;
    $streams[(int)$m[3]] = true;
}
ksort($seen);
echo "bodies: ", count($bodies), ", malformed: $bad\n";
echo "every path answered exactly once: ", var_export(array_keys($seen) === range(0, 99) && max($seen) === 1, true), "\n";
echo "distinct stream ids: ", count($streams), "\n";
ksort($perWorker);
echo "workers: ", implode(',', array_keys($perWorker)), "\n";
echo "each worker served 30..70: ", var_export(count($perWorker) === 2 && min($perWorker) >= 30 && max($perWorker) <= 70, true), " (", json_encode($perWorker), ")\n";
// One worker handles one request at a time: 100 x 100 ms over 2 workers is about 5 s;
// serially it would be 10 s.
echo "wall time < 9 s: ", var_export($wall < 9.0, true), sprintf(" (%.2f s)", $wall), "\n";
echo "wall time >= 4.9 s (really 2 workers, 100 ms each): ", var_export($wall >= 4.9, true), "\n";
$srv->stop();
?>
--EXPECTF--
nghttp exit: 0
statuses: {"200":100}
bodies: 100, malformed: 0
every path answered exactly once: true
distinct stream ids: 100
workers: 0,1
each worker served 30..70: true (%s)
wall time < 9 s: true (%f s)
wall time >= 4.9 s (really 2 workers, 100 ms each): true
