--TEST--
WebSocket\Server Handshake callback: refusing with 403 (an ordinary response), accepting with upgrade() and extra headers; Open follows an accepted one only; stats counts the refusal
--SKIPIF--
<?php require __DIR__.'/helpers.inc'; ws_skipif_python(); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Handshake', function (Trident\Http\Request $req, Trident\Http\Response $res) {
    if ($req->server['request_uri'] === '/no') {
        $res->status(403);
        $res->end('not you');
        return;
    }
    $res->header('Sec-WebSocket-Protocol', 'v2');
    $res->cookie('sid', 'abc');
    $res->upgrade();
});
$server->on('Open', function ($server, $req) {
    $server->push($req->fd, "open " . $req->server['request_uri']);
});
$server->on('Message', function ($server, $f) {
    if ($f->data === 'stats') {
        $s = $server->stats();
        $server->push($f->fd, "count={$s['websocket_count']} refused={$s['websocket_upgrade_refused']}");
        return;
    }
    $server->push($f->fd, "echo " . $f->data);
});
$server->start();
PHP);

echo ws_python($srv->port, <<<'PY'
try:
    async with websockets.connect(f"ws://127.0.0.1:{port}/no") as ws:
        print("unexpected: open")
except websockets.InvalidStatusCode as e:
    print("refused:", e.status_code)
async with websockets.connect(f"ws://127.0.0.1:{port}/yes", subprotocols=["v1", "v2"]) as ws:
    print("subprotocol", ws.subprotocol, "cookie", ws.response_headers.get("Set-Cookie"))
    print(await ws.recv())
    await ws.send("x")
    print(await ws.recv())
    await ws.send("stats")
    print(await ws.recv())
PY);
$srv->stop();
?>
--EXPECT--
refused: 403
subprotocol v2 cookie sid=abc
open /yes
echo x
count=1 refused=1
