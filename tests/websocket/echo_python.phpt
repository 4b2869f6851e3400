--TEST--
WebSocket echo with python3-websockets: text and binary of 0, 125, 126, 65536 bytes and 16 MiB, byte-exact
--SKIPIF--
<?php require __DIR__.'/helpers.inc'; ws_skipif_python(); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4]);
$server->on('Message', function ($server, Trident\WebSocket\Frame $f) {
    $server->push($f->fd, $f->data, $f->opcode);
});
$server->start();
PHP);

echo ws_python($srv->port, <<<'PY'
async with websockets.connect(f"ws://127.0.0.1:{port}/", max_size=None) as ws:
    for n in [0, 125, 126, 65536, 16 << 20]:
        text = "".join(chr(0x41 + (i * 7) % 26) for i in range(min(n, 4096))) * (n // 4096 if n >= 4096 else 1)
        text = text[:n] if n < 4096 else text
        binary = bytes((i * 31 + (i >> 8)) & 0xFF for i in range(min(n, 65536))) * (max(1, n // 65536))
        binary = binary[:n]
        for msg in (text, binary):
            await ws.send(msg)
            back = await ws.recv()
            kind = "text" if isinstance(msg, str) else "binary"
            print(kind, len(msg), type(back) == type(msg), len(back), back == msg)
    await ws.close()
    print("closed", ws.close_code)
PY);
$srv->stop();
?>
--EXPECT--
text 0 True 0 True
binary 0 True 0 True
text 125 True 125 True
binary 125 True 125 True
text 126 True 126 True
binary 126 True 126 True
text 65536 True 65536 True
binary 65536 True 65536 True
text 16777216 True 16777216 True
binary 16777216 True 16777216 True
closed 1000
