--TEST--
Frameworks: Slim 3 on one worker: two slow requests in flight at once (interleaved coroutines) each see their own user, query and cookies; nothing carries over to the next request; superglobals stay empty; a 64 MiB streamed body does not raise the worker's peak memory
--SKIPIF--
<?php require __DIR__ . '/slim3.inc'; slim3_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/slim3.inc';
$srv = fw_server(FW_EXAMPLES . '/slim3/server.php');
$base = "https://127.0.0.1:{$srv->port}";
// One curl, two requests multiplexed on one HTTP/2 connection to the single worker: alice's
// sleeps 0.8 s, bob's 0.1 s and starts while alice's is suspended, so bob's answer comes first.
[$rc, $out, $err] = trident_curl(['-k', '--http2', '--parallel', '--parallel-immediate', '-w', '%{url_effective} %{http_code}\n',
    '-H', 'X-User: alice', '-b', 'who=alice', "$base/slow?id=a&sleep=0.8", '--next',
    '-k', '--http2', '-w', '%{url_effective} %{http_code}\n', '-H', 'X-User: bob', '-b', 'who=bob', "$base/slow?id=b&sleep=0.1"], 30);
preg_match_all('/\{[^\n]*\}/', $out, $m);
$seen = [];
foreach ($m[0] as $j) {
    $d = json_decode($j, true);
    echo json_encode(['before' => $d['before'], 'after' => $d['after'], 'cookies' => $d['cookies']]), "\n";
    $seen[$d['before'][0]] = $d;
}
echo "first answer: ", str_contains($m[0][0] ?? '', 'bob') ? 'bob' : 'alice', "\n";
// Interleaved in the one worker: each request started before the other one ended.
$a = $seen['alice'] ?? null; $b = $seen['bob'] ?? null;
echo "overlapped: ", $a && $b && $b['started'] < $a['ended'] && $a['started'] < $b['ended'] ? 'yes' : 'no', "\n";
// Right after: a request without user or cookies sees neither.
[$st, , $b] = fw_curl($srv, '2', '/info');
$j = json_decode($b, true);
echo "next request: $st user={$j['user']} cookies=", json_encode($j['cookies']), " query=", json_encode($j['query']), "\n";
[$st, , $b] = fw_curl($srv, '1.1', '/superglobals?q=1', ['-b', 'c=1', '-d', 'p=1']);
echo "superglobals (GET handler, POSTed): $st\n";
[$st, , $b] = fw_curl($srv, '1.1', '/superglobals?q=1', ['-b', 'c=1']);
echo "superglobals: $st $b";
[, , $b] = fw_curl($srv, '1.1', '/peak');
$peak0 = json_decode($b, true)['peak'];
[$st, $h, $b] = fw_curl($srv, '1.1', '/generated/67108864', ['-o', '/dev/null', '-w', '%{size_download}']);
echo "64 MiB streamed: $st $b bytes\n";
[, , $b] = fw_curl($srv, '1.1', '/peak');
$peak1 = json_decode($b, true)['peak'];
echo "worker peak memory grew by less than 4 MiB: ", $peak1 - $peak0 < 4 << 20 ? 'yes' : "no ($peak0 -> $peak1)", "\n";
$srv->stop();
?>
--EXPECT--
{"before":["bob","b"],"after":["bob","b"],"cookies":{"who":"bob"}}
{"before":["alice","a"],"after":["alice","a"],"cookies":{"who":"alice"}}
first answer: bob
overlapped: yes
next request: 200 user=anonymous cookies=[] query=[]
superglobals (GET handler, POSTed): 405
superglobals: 200 {"get":[],"post":[],"cookie":[],"files":[],"request_uri":null}
64 MiB streamed: 200 67108864 bytes
worker peak memory grew by less than 4 MiB: yes
