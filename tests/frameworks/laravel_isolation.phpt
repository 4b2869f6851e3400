--TEST--
Frameworks: Laravel on one worker: two slow authenticated requests sent at once each see their own user and request (the worker runs them through the application in turn), sessions of two clients stay apart, request-scoped state does not carry over; memory of every process stays flat over 10,000 requests
--SKIPIF--
<?php require __DIR__ . '/laravel.inc'; laravel_skipif(['h2load', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/laravel.inc';
$srv = fw_laravel_server();
$base = "https://127.0.0.1:{$srv->port}";
// Both on one HTTP/2 connection to the single worker: alice's waits 0.6 s inside the app.
[, $out] = trident_curl(['-k', '--http2', '--parallel', '--parallel-immediate', '-H', 'X-User: alice', '-H', 'Accept: application/json',
    "$base/api/whoami?id=a&sleep=0.6", '--next', '-k', '--http2', '-H', 'X-User: bob', '-H', 'Accept: application/json',
    "$base/api/whoami?id=b&sleep=0.1"], 30);
preg_match_all('/\{[^{}]*\}/', $out, $m);
$seen = [];
foreach ($m[0] as $j) {
    $d = json_decode($j, true);
    $seen[$d['before'][0]] = $d;
}
ksort($seen);
foreach ($seen as $who => $d) echo "$who: before ", json_encode($d['before']), ", after the wait ", json_encode($d['after']), "\n";
$a = $seen['alice'] ?? null; $b = $seen['bob'] ?? null;
echo "took turns: ", $a && $b && ($a['ended'] <= $b['started'] || $b['ended'] <= $a['started']) ? 'yes' : 'no', "\n";
// Then an anonymous request: no user left behind; and a request-scoped log that starts empty.
[$st, , $body] = fw_curl($srv, '2', '/api/whoami', ['-H', 'Accept: application/json']);
echo "anonymous: $st $body\n";
fw_curl($srv, '2', '/api/items', ['-d', 'name=pear']);
[$st, , $body] = fw_curl($srv, '2', '/api/json');
echo "scoped log after a POST: ", json_encode(json_decode($body, true)['log']), "\n";
// Two clients' sessions, requests interleaved: each counter counts alone.
$jars = [tempnam(sys_get_temp_dir(), 'fw_jar_'), tempnam(sys_get_temp_dir(), 'fw_jar_')];
$n = [];
for ($i = 0; $i < 6; $i++) {
    [, , $body] = fw_curl($srv, '1.1', '/counter', ['-c', $jars[$i % 2], '-b', $jars[$i % 2]]);
    $n[] = json_decode($body, true)['n'];
}
echo "counters: ", implode(' ', $n), "\n";
array_map('unlink', $jars);
fw_memory_check($srv, ['/api/json', '/hello/memory']);
$srv->stop();
?>
--EXPECT--
alice: before ["alice","a"], after the wait ["alice","a"]
bob: before ["bob","b"], after the wait ["bob","b"]
took turns: yes
anonymous: 401 {"message":"Unauthenticated."}
scoped log after a POST: []
counters: 1 1 2 2 3 3
warm-up: 2000 of 2000 succeeded, failed 0, errored 0, timeout 0
measured: 10000 of 10000 succeeded, failed 0, errored 0, timeout 0
manager or worker: flat
manager or worker: flat
master: flat
