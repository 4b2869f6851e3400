--TEST--
Coroutine server: pipelined HTTP/1.1 requests whose handlers sleep different times run concurrently in one worker, yet the responses go out in request order
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/cs.inc';

$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $t = (float)($req->get['t'] ?? 0);
    if ($t > 0) Trident\Coroutine::sleep($t);
    $res->end($req->server['path_info'] . " slept $t");
});
$server->start();
PHP);

$sleeps = [0.6, 0, 0.2, 0.4, 0];
$raw = '';
foreach ($sleeps as $i => $t) {
    $raw .= "GET /r$i?t=$t HTTP/1.1\r\nHost: 127.0.0.1\r\n" . ($i === count($sleeps) - 1 ? "Connection: close\r\n" : '') . "\r\n";
}
$t0 = microtime(true);
$out = trident_raw($srv->port, $raw, 5);
$wall = microtime(true) - $t0;
$n = 0;
while ($out !== '') {
    [$st, $h, $rest] = trident_parse_response($out);
    if (!$st || !isset($h['content-length'])) { echo "unparsable: ", json_encode($out), "\n"; break; }
    echo "response ", $n++, ": $st ", substr($rest, 0, (int)$h['content-length']), "\n";
    $out = (string)substr($rest, (int)$h['content-length']);
}
// In sequence the sleeps add up to 1.2 s; overlapped, the longest (0.6 s) decides.
echo "wall time 0.6 to 1.0 s: ", var_export($wall >= 0.6 && $wall < 1.0, true), sprintf(" (%.3f s)", $wall), "\n";
$log = $srv->stop();
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECTF--
response 0: 200 /r0 slept 0.6
response 1: 200 /r1 slept 0
response 2: 200 /r2 slept 0.2
response 3: 200 /r3 slept 0.4
response 4: 200 /r4 slept 0
wall time 0.6 to 1.0 s: true (%f s)
log: ""
