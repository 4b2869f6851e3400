--TEST--
WebSocket idle pings (websocket_ping_interval 0.3 s, websocket_ping_timeout 0.5 s): a python client that answers pings stays open through 2 s of silence; a raw client that never answers gets a ping after ~0.3 s and its connection is dropped (no close frame: 1006) after ~0.8 s, when its Close callback runs
--SKIPIF--
<?php require __DIR__.'/helpers.inc'; ws_skipif_python(); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$log = tempnam(sys_get_temp_dir(), 'trident_ws_ping_');
$srv = new TridentTestServer('$LOG = ' . var_export($log, true) . ";\n" . <<<'PHP'
$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4,
              'websocket_ping_interval' => 0.3, 'websocket_ping_timeout' => 0.5]);
$paths = [];
$server->on('Open', function ($server, $req) use (&$paths) { $paths[$req->fd] = $req->server['request_uri']; });
$server->on('Message', function ($server, $f) { $server->push($f->fd, "echo {$f->data}"); });
$server->on('Close', function ($server, $fd) use (&$paths, $LOG) {
    file_put_contents($LOG, sprintf("%.3f %s\n", microtime(true), $paths[$fd] ?? "unknown $fd"), FILE_APPEND);
});
$server->start();
PHP);

// The silent one: reads, never writes (no pong, no close).
$t0 = microtime(true);
$silent = ws_raw_open($srv->port, '/silent');
$seen = [];
while (true) {
    $f = ws_raw_read_frame($silent, 3);
    $t = microtime(true) - $t0;
    if (!is_array($f)) { $seen[] = [$f, $t]; break; }
    $seen[] = [$f['opcode'] === 9 ? 'ping' : "opcode {$f['opcode']}", $t];
}
fclose($silent);
$ping_at = $seen[0][0] === 'ping' ? $seen[0][1] : null;
$end_at = end($seen)[1];
echo "silent client saw: ", implode(', ', array_column($seen, 0)), "\n";
// Timers fire late, never early; the upper bounds leave room for a busy machine.
echo "ping after 0.3 s: ", $ping_at !== null && $ping_at >= 0.28 && $ping_at < 0.9 ? 'yes' : sprintf('no (%.3f s)', $ping_at ?? -1), "\n";
echo "dropped 0.5 s later: ", $ping_at !== null && $end_at - $ping_at >= 0.48 && $end_at - $ping_at < 1.2 ? 'yes' : sprintf('no (ping %.3f s, end %.3f s)', $ping_at ?? -1, $end_at), "\n";
usleep(300000);
$closes = file_exists($log) ? file($log, FILE_IGNORE_NEW_LINES) : [];
[$when, $what] = explode(' ', $closes[0] ?? '0 none', 2);
$at = (float)$when - $t0;
echo "Close callback: $what, ", $ping_at !== null && $at >= $ping_at + 0.48 && $at < $end_at + 0.5 ? 'at the drop' : sprintf('at %.3f s (drop at %.3f s)', $at, $end_at), "\n";

$t0 = microtime(true);
echo ws_python($srv->port, <<<'PY'
# ping_interval=None: the client sends no pings of its own; it answers the server's.
async with websockets.connect(f"ws://127.0.0.1:{port}/python", ping_interval=None) as ws:
    await asyncio.sleep(2)
    await ws.send("after 2 s of silence")
    print("python:", await asyncio.wait_for(ws.recv(), 2))
print("python's close:", ws.close_code)
PY, 10);
usleep(200000);
$closes = file($log, FILE_IGNORE_NEW_LINES);
[$when, $what] = explode(' ', $closes[1] ?? '0 none', 2);
echo "Close callback: $what, ", (float)$when - $t0 >= 2 ? 'after its close' : sprintf('at %.3f s', (float)$when - $t0), "\n";
echo "Close callbacks: ", count($closes), "\n";
$srvlog = $srv->stop();
@unlink($log);
echo preg_match('/Fatal|PHP Warning/i', $srvlog) ? "log:\n$srvlog" : "log clean\n";
?>
--EXPECT--
silent client saw: ping, eof
ping after 0.3 s: yes
dropped 0.5 s later: yes
Close callback: /silent, at the drop
python: echo after 2 s of silence
python's close: 1000
Close callback: /python, after its close
Close callbacks: 2
log clean
