--TEST--
WebSocket in a plain Request handler: $res->upgrade() with a subprotocol, recv() with and without timeout, push(), the handler returning closes with 1000, recv() false once the client closed
--SKIPIF--
<?php require __DIR__.'/helpers.inc'; ws_skipif_python(); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$log = tempnam(sys_get_temp_dir(), 'trident_ws_co_');
$srv = new TridentTestServer('$LOG = ' . var_export($log, true) . ";\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$note = fn(string $s) => file_put_contents($LOG, $s . "\n", FILE_APPEND);
$server->on('Request', function ($req, $res) use ($note) {
    if ($req->server['request_uri'] === '/plain') {
        $res->end('plain');
        return;
    }
    if (str_contains($req->header['sec-websocket-protocol'] ?? '', 'echo')) $res->header('Sec-WebSocket-Protocol', 'echo');
    $ok = $res->upgrade();
    $note($req->server['request_uri'] . " upgrade " . var_export($ok, true));
    if (!$ok) return;
    $res->push("hello");
    while (($f = $res->recv()) !== false) {
        if ($f->data === 'bye') {
            $note("bye: returning");
            return;
        }
        if ($f->data === 'wait') {
            $t = microtime(true);
            $r = $res->recv(0.2);
            $res->push('timeout ' . var_export($r, true) . ' ' . (microtime(true) - $t >= 0.19 ? 'after 0.2s' : 'early'));
            continue;
        }
        $res->push(strrev($f->data), $f->opcode);
    }
    $note($req->server['request_uri'] . " recv false");
});
$server->start();
PHP);

echo ws_python($srv->port, <<<'PY'
async with websockets.connect(f"ws://127.0.0.1:{port}/one", subprotocols=["chat", "echo"]) as ws:
    print("subprotocol", ws.subprotocol)
    print(await ws.recv())
    await ws.send("abc")
    print(await ws.recv())
    await ws.send(b"\x01\x02\x03")
    print(await ws.recv())
    await ws.send("wait")
    print(await ws.recv())
    await ws.send("bye")
    try:
        await ws.recv()
    except websockets.ConnectionClosed as e:
        print("closed by the server:", e.rcvd.code)
async with websockets.connect(f"ws://127.0.0.1:{port}/two") as ws:
    print(await ws.recv())
await asyncio.sleep(0.2)
PY);
echo trident_curl([$srv->url('/plain')])[1], "\n";
$srv->stop();
echo file_get_contents($log);
@unlink($log);
?>
--EXPECT--
subprotocol echo
hello
cba
b'\x03\x02\x01'
timeout false after 0.2s
closed by the server: 1000
hello
plain
/one upgrade true
bye: returning
/two upgrade true
/two recv false
