--TEST--
WebSocket\Server events: Open (with $request->fd the WebSocket id) before Message, Close once; disconnect() with a code; push and isEstablished after the close; getClientList and $connections; stats
--SKIPIF--
<?php require __DIR__.'/helpers.inc'; ws_skipif_python(); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$log = tempnam(sys_get_temp_dir(), 'trident_ws_events_');
$srv = new TridentTestServer('$LOG = ' . var_export($log, true) . ";\n" . <<<'PHP'
$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$note = fn(string $s) => file_put_contents($LOG, $s . "\n", FILE_APPEND);
$server->on('Open', function ($server, Trident\Http\Request $req) use ($note) {
    $note("open established=" . var_export($server->isEstablished($req->fd), true) . " path=" . $req->server["request_uri"] . "?" . $req->server["query_string"]);
    $server->push($req->fd, "welcome {$req->fd}");
});
$server->on('Message', function ($server, Trident\WebSocket\Frame $f) use ($note) {
    $note("message {$f->data}");
    switch ($f->data) {
    case 'who':
        $server->push($f->fd, (string)$f->fd);
        break;
    case 'list':
        $list = $server->getClientList(0, 100);
        $iter = iterator_to_array($server->connections, false);
        $server->push($f->fd, json_encode(['list' => $list, 'iter' => $iter, 'count' => count($server->connections),
                                           'after_me' => $server->getClientList($f->fd)]));
        break;
    case 'stats':
        $s = $server->stats();
        $server->push($f->fd, json_encode(array_intersect_key($s, array_flip(['websocket_num', 'http1_websocket_num',
            'http2_websocket_num', 'http3_websocket_num', 'websocket_count', 'websocket_push_cross_worker']))));
        break;
    case 'close-me':
        $note("disconnect " . var_export($server->disconnect($f->fd, 4001, 'asked'), true));
        break;
    }
});
$server->on('Close', function ($server, int $fd) use ($note) {
    $note("close same-fd=" . var_export($fd === (int)file_get_contents($GLOBALS['LOG'] . '.fd'), true)
        . " established=" . var_export($server->isEstablished($fd), true)
        . " push=" . var_export($server->push($fd, 'late'), true)
        . " disconnect=" . var_export($server->disconnect($fd), true));
});
$server->on('Request', function ($req, $res) { $res->end('plain http'); });
$server->start();
PHP);

$out = ws_python($srv->port, <<<'PY'
import json
async with websockets.connect(f"ws://127.0.0.1:{port}/chat?x=1") as ws:
    welcome = await ws.recv()
    fd = int(welcome.split()[1])
    open(sys.argv[2], "w").write(str(fd))
    print("welcome", fd > 0)
    await ws.send("who")
    print("who is the same fd:", int(await ws.recv()) == fd)
    await ws.send("list")
    l = json.loads(await ws.recv())
    print("list:", l["list"] == [fd], "iter:", l["iter"] == [fd], "count:", l["count"], "after me:", l["after_me"])
    await ws.send("stats")
    print("stats:", await ws.recv())
    await ws.send("close-me")
    try:
        await ws.recv()
    except websockets.ConnectionClosed as e:
        print("closed by server:", e.rcvd.code, e.rcvd.reason)
PY, 30, ["$log.fd"]);
// (The client wrote the fd to $log.fd, where the Close callback compares it.)
echo $out;
usleep(300000);
echo trident_curl([$srv->url('/')])[1], "\n";
$srv->stop();
echo file_get_contents($log);
@unlink($log);
@unlink("$log.fd");
?>
--EXPECT--
welcome True
who is the same fd: True
list: True iter: True count: 1 after me: []
stats: {"websocket_num":1,"http1_websocket_num":1,"http2_websocket_num":0,"http3_websocket_num":0,"websocket_count":1,"websocket_push_cross_worker":0}
closed by server: 4001 asked
plain http
open established=true path=/chat?x=1
message who
message list
message stats
message close-me
disconnect true
close same-fd=true established=false push=false disconnect=false
