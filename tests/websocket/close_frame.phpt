--TEST--
WebSocket close code and reason in PHP (open_websocket_close_frame): the Message event gets a CloseFrame (client close with code and reason, the client's answer to disconnect(), a lost connection 1006) right before Close($server, $fd, $reactorId); coroutine style recv() returns the CloseFrame, then false; without the setting Message never sees the close
--SKIPIF--
<?php require __DIR__.'/helpers.inc'; ws_skipif_python(); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$log = tempnam(sys_get_temp_dir(), 'trident_ws_close_frame_');
$common = '$LOG = ' . var_export($log, true) . ";\n" . <<<'PHP'
$note = fn(string $s) => file_put_contents($LOG, $s . "\n", FILE_APPEND);
$describe = fn($f) => get_class($f) . " opcode={$f->opcode}"
    . ($f instanceof Trident\WebSocket\CloseFrame ? " code={$f->code} reason=" . var_export($f->reason, true) : " data={$f->data}");
PHP;

// Event style, with and without the setting (the query string says which server answers).
$events = function (bool $closeFrame) use ($common) {
    return $common . "\n\$CF = " . var_export($closeFrame, true) . ";\n" . <<<'PHP'
$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'open_websocket_close_frame' => $CF]);
$tag = $CF ? 'on' : 'off';
$server->on('Message', function ($server, Trident\WebSocket\Frame $f) use ($note, $describe, $tag) {
    $note("$tag message " . $describe($f));
    if ($f->data === 'kick') $server->disconnect($f->fd, 4002, 'kicked out');
});
$server->on('Close', function ($server, int $fd, int $reactorId) use ($note, $tag) {
    $note("$tag close reactor=$reactorId argc=" . func_num_args());
});
$server->start();
PHP;
};
$on = new TridentTestServer($events(true));
$off = new TridentTestServer($events(false));

$client = <<<'PY'
import socket
for port in (int(sys.argv[2]), int(sys.argv[3])):
    async with websockets.connect(f"ws://127.0.0.1:{port}/") as ws:
        await ws.send("hello")
        await ws.close(4001, "bye now")
    await asyncio.sleep(0.3)
    async with websockets.connect(f"ws://127.0.0.1:{port}/") as ws:
        await ws.send("kick")
        try:
            await ws.recv()
        except websockets.ConnectionClosed as e:
            print("kicked:", e.rcvd.code, e.rcvd.reason)
    await asyncio.sleep(0.3)
    ws = await websockets.connect(f"ws://127.0.0.1:{port}/")
    await ws.send("drop")
    await asyncio.sleep(0.3)
    ws.transport.abort()
    await asyncio.sleep(0.5)
PY;
echo ws_python($on->port, $client, 30, [(string)$on->port, (string)$off->port]);
usleep(300000);
$on->stop();
$off->stop();
echo file_get_contents($log);
file_put_contents($log, '');

// Coroutine style: a Request handler that upgrades and reads until recv() is false.
$co = new TridentTestServer($common . "\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'log_level' => 4, 'open_websocket_close_frame' => true]);
$server->on('Request', function ($req, $res) use ($note, $describe) {
    $res->upgrade();
    while (($f = $res->recv()) !== false) {
        $note("co recv " . $describe($f));
        if ($f instanceof Trident\WebSocket\Frame && !($f instanceof Trident\WebSocket\CloseFrame)) $res->push("echo {$f->data}");
    }
    $note("co recv false");
});
$server->start();
PHP);
echo ws_python($co->port, <<<'PY'
async with websockets.connect(f"ws://127.0.0.1:{port}/") as ws:
    await ws.send("one")
    print(await ws.recv())
    await ws.close(4003, "done here")
PY, 30);
usleep(500000);
$co->stop();
echo file_get_contents($log);
@unlink($log);
?>
--EXPECT--
kicked: 4002 kicked out
kicked: 4002 kicked out
on message Trident\WebSocket\Frame opcode=1 data=hello
on message Trident\WebSocket\CloseFrame opcode=8 code=4001 reason='bye now'
on close reactor=0 argc=3
on message Trident\WebSocket\Frame opcode=1 data=kick
on message Trident\WebSocket\CloseFrame opcode=8 code=4002 reason='kicked out'
on close reactor=0 argc=3
on message Trident\WebSocket\Frame opcode=1 data=drop
on message Trident\WebSocket\CloseFrame opcode=8 code=1006 reason=''
on close reactor=0 argc=3
off message Trident\WebSocket\Frame opcode=1 data=hello
off close reactor=0 argc=3
off message Trident\WebSocket\Frame opcode=1 data=kick
off close reactor=0 argc=3
off message Trident\WebSocket\Frame opcode=1 data=drop
off close reactor=0 argc=3
echo one
co recv Trident\WebSocket\Frame opcode=1 data=one
co recv Trident\WebSocket\CloseFrame opcode=8 code=4003 reason='done here'
co recv false
