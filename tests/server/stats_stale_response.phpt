--TEST--
stats(): a client that disconnects while its handler sleeps is counted (client_abort_count), and the late response is dropped and counted (stale_response_dropped), never sent to another connection
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

$mark = lc_tempfile('stale');
$srv = new TridentTestServer(lc_define('MARK', $mark) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'hook_flags' => 0]);  // a blocking handler: the reactor, not the worker, sees the client go
$server->on('Request', function ($req, $res) use ($server) {
    switch ($req->server['path_info']) {
        case '/slow':
            file_put_contents($GLOBALS['MARK'], "started {$req->get['who']}\n", FILE_APPEND | LOCK_EX);
            usleep(500000);
            $res->end('late response for ' . $req->get['who']);
            return;
        case '/stats':
            $res->end(json_encode($server->stats()));
            return;
        default:
            $res->end('fresh ' . ($req->get['who'] ?? ''));
    }
});
$server->start();
PHP);

$before = lc_stats($srv);
// Three clients send /slow and hang up once its handler runs.
for ($i = 0; $i < 3; $i++) {
    $c = stream_socket_client("tcp://127.0.0.1:{$srv->port}", $errno, $errstr, 2);
    fwrite($c, "GET /slow?who=gone$i HTTP/1.1\r\nHost: x\r\n\r\n");
    lc_wait_lines($mark, "/^started gone$i\$/");
    fclose($c);
    // A new client right away: it must get its own answer, never the abandoned one.
    $got = trident_raw($srv->port, "GET /fresh?who=new$i HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5);
    [$st, , $body] = trident_parse_response($got);
    echo "new client $i: $st $body\n";
}
// The counters and the connection count settle once the server has seen every close and
// dropped every late response; wait for that (they only grow, so the final values are shown).
$after = lc_until(function () use ($srv, $before) {
    $s = lc_stats($srv);
    return ($s && $s['client_abort_count'] - $before['client_abort_count'] >= 3
        && $s['stale_response_dropped'] - $before['stale_response_dropped'] >= 3 && $s['connection_num'] === 1) ? $s : null;
}, 5) ?: lc_stats($srv);
$d = fn($k) => $after[$k] - $before[$k];
echo "client_abort_count +", $d('client_abort_count'), "\n";
echo "stale_response_dropped >= 3: ", var_export($d('stale_response_dropped') >= 3, true), "\n";
echo "worker still the same, nothing lost: ", var_export($after['workers'][0]['pid'] === $before['workers'][0]['pid']
    && $after['worker_lost_request_count'] === 0, true), "\n";
echo "connection_num: {$after['connection_num']}, in_flight: {$after['workers'][0]['in_flight']}\n";
$srv->stop();
?>
--EXPECT--
new client 0: 200 fresh new0
new client 1: 200 fresh new1
new client 2: 200 fresh new2
client_abort_count +3
stale_response_dropped >= 3: true
worker still the same, nothing lost: true
connection_num: 1, in_flight: 1
