--TEST--
WebSocket misuse: unknown opcode and unsendable close code throw ValueError; oversized control frame, fragment flags, unknown ids and upgrade()/recv() on a plain request return false (with a warning where it is a mistake)
--SKIPIF--
<?php require __DIR__.'/helpers.inc'; ws_skipif_python(); trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
function tryit(callable $f): string {
    $warning = '';
    set_error_handler(function ($no, $msg) use (&$warning) { $warning = " warning: $msg"; return true; });
    try {
        $r = var_export($f(), true);
    } catch (Throwable $e) {
        $r = get_class($e) . ': ' . $e->getMessage();
    } finally {
        restore_error_handler();
    }
    return $r . $warning;
}
$server->on('Message', function ($server, $f) {
    $fd = $f->fd;
    $out = [];
    $out[] = 'opcode 3: ' . tryit(fn() => $server->push($fd, 'x', 3));
    $out[] = 'ping 126: ' . tryit(fn() => $server->push($fd, str_repeat('p', 126), Trident\WebSocket\Frame::OPCODE_PING));
    $out[] = 'ping 125: ' . tryit(fn() => $server->push($fd, str_repeat('p', 125), Trident\WEBSOCKET_OPCODE_PING));
    $out[] = 'no FIN: ' . tryit(fn() => $server->push($fd, 'x', 1, 0));
    $out[] = 'FIN|COMPRESS: ' . tryit(fn() => $server->push($fd, 'x', 1, Trident\WEBSOCKET_FLAG_FIN | Trident\WEBSOCKET_FLAG_COMPRESS));
    $out[] = 'unknown fd: ' . tryit(fn() => $server->push(12345, 'x'));
    $out[] = 'session id as fd: ' . tryit(fn() => $server->push(1, 'x'));
    $frame = new Trident\WebSocket\Frame();
    $frame->data = "\x00frame";
    $frame->opcode = Trident\WebSocket\Frame::OPCODE_BINARY;
    $out[] = 'a Frame: ' . tryit(fn() => $server->push($fd, $frame));
    $frame->finish = false;
    $out[] = 'a Frame, finish false: ' . tryit(fn() => $server->push($fd, $frame));
    $out[] = 'disconnect 1005: ' . tryit(fn() => $server->disconnect($fd, 1005));
    $out[] = 'disconnect long reason: ' . tryit(fn() => $server->disconnect($fd, 1000, str_repeat('r', 124)));
    $out[] = 'disconnect unknown: ' . tryit(fn() => $server->disconnect(12345));
    $out[] = 'getClientList 0: ' . tryit(fn() => $server->getClientList(0, 0));
    $out[] = 'isEstablished unknown: ' . tryit(fn() => $server->isEstablished(12345));
    $server->push($fd, implode("\n", $out));
});
$server->on('Request', function ($req, $res) {
    $out = [];
    $out[] = 'upgrade: ' . tryit(fn() => $res->upgrade());
    $out[] = 'recv: ' . tryit(fn() => $res->recv());
    $out[] = 'push: ' . tryit(fn() => $res->push('x'));
    $out[] = 'push opcode 99: ' . tryit(fn() => $res->push('x', 99));
    $out[] = 'close: ' . tryit(fn() => $res->close());
    $out[] = 'close 999: ' . tryit(fn() => $res->close(999));
    $res->end(implode("\n", $out));
});
$server->start();
PHP);

echo ws_python($srv->port, <<<'PY'
async with websockets.connect(f"ws://127.0.0.1:{port}/") as ws:
    await ws.send("go")
    while True:
        m = await ws.recv()
        if isinstance(m, str) and m.startswith("opcode 3"):
            print(m)
            break
        print("pushed:", m if isinstance(m, str) else repr(m))
PY);
echo trident_curl([$srv->url('/')])[1], "\n";
$srv->stop();
?>
--EXPECT--
pushed: x
pushed: b'\x00frame'
opcode 3: ValueError: Trident\WebSocket\Server::push(): Argument #3 ($opcode) must be one of Frame::OPCODE_TEXT, OPCODE_BINARY, OPCODE_CLOSE, OPCODE_PING or OPCODE_PONG
ping 126: false warning: Trident\WebSocket\Server::push(): Cannot push a control frame of 126 bytes: at most 125 are allowed
ping 125: true
no FIN: false warning: Trident\WebSocket\Server::push(): Cannot push a fragment: messages are pushed whole (use WEBSOCKET_FLAG_FIN)
FIN|COMPRESS: true
unknown fd: false
session id as fd: false
a Frame: true
a Frame, finish false: false warning: Trident\WebSocket\Server::push(): Cannot push a fragment: messages are pushed whole (use WEBSOCKET_FLAG_FIN)
disconnect 1005: ValueError: Trident\WebSocket\Server::disconnect(): Argument #2 ($code) must be a close code an endpoint may send (1000-1003, 1007-1014, 3000-4999)
disconnect long reason: ValueError: Trident\WebSocket\Server::disconnect(): Argument #3 ($reason) must be at most 123 bytes long
disconnect unknown: false
getClientList 0: ValueError: Trident\WebSocket\Server::getClientList(): Argument #2 ($find_count) must be between 1 and 100
isEstablished unknown: false
upgrade: false warning: Trident\Http\Response::upgrade(): Cannot upgrade: the request is not a WebSocket upgrade
recv: false warning: Trident\Http\Response::recv(): Cannot recv: upgrade() did not make this response a WebSocket
push: false
push opcode 99: ValueError: Trident\Http\Response::push(): Argument #2 ($opcode) must be one of Frame::OPCODE_TEXT, OPCODE_BINARY, OPCODE_CLOSE, OPCODE_PING or OPCODE_PONG
close: false
close 999: ValueError: Trident\Http\Response::close(): Argument #1 ($code) must be a close code an endpoint may send (1000-1003, 1007-1014, 3000-4999)
