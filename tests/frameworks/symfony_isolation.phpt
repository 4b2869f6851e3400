--TEST--
Frameworks: Symfony on one worker: two slow requests in flight at once (interleaved coroutines) each get their own kernel (RequestStack, services), counted once each; with the pool off they take turns; memory of every process stays flat over 10,000 requests
--SKIPIF--
<?php require __DIR__ . '/symfony.inc'; symfony_skipif(['h2load', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/symfony.inc';
/** Two requests multiplexed on one HTTP/2 connection: a sleeps 0.8 s, b 0.2 s. */
function pair(TridentTestServer $srv): void {
    $base = "https://127.0.0.1:{$srv->port}";
    [, $out] = trident_curl(['-k', '--http2', '--parallel', '--parallel-immediate', "$base/slow?id=a&sleep=0.8", '--next',
        '-k', '--http2', "$base/slow?id=b&sleep=0.2"], 30);
    preg_match_all('/\{[^{}]*\}/', $out, $m);
    $seen = [];
    foreach ($m[0] as $j) {
        $d = json_decode($j, true);
        $seen[$d['before']] = $d;
    }
    // By id: which one the worker took first when they take turns depends on arrival order.
    ksort($seen);
    foreach ($seen as $d) echo "id {$d['before']}: after the wait {$d['after']}, counted {$d['count']}\n";
    $a = $seen['a'] ?? null; $b = $seen['b'] ?? null;
    echo "overlapped: ", $a && $b && $b['started'] < $a['ended'] && $a['started'] < $b['ended'] ? 'yes' : 'no', "\n";
}
echo "--- kernel pool\n";
$srv = fw_symfony_server();
pair($srv);
// A request that follows sees a fresh count: the kernels' services were reset.
[$st, , $b] = fw_curl($srv, '2', '/json');
echo "next: $st count=", json_decode($b, true)['count'], " cookies=", json_encode(json_decode($b, true)['cookies']), "\n";
fw_memory_check($srv, ['/json', '/hello/memory']);
$srv->stop();
echo "--- one kernel per worker\n";
$srv = fw_symfony_server([], false);
pair($srv);
$srv->stop();
?>
--EXPECT--
--- kernel pool
id a: after the wait a, counted 1
id b: after the wait b, counted 1
overlapped: yes
next: 200 count=1 cookies=[]
warm-up: 2000 of 2000 succeeded, failed 0, errored 0, timeout 0
measured: 10000 of 10000 succeeded, failed 0, errored 0, timeout 0
manager or worker: flat
manager or worker: flat
master: flat
--- one kernel per worker
id a: after the wait a, counted 1
id b: after the wait b, counted 1
overlapped: no
