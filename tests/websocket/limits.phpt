--TEST--
WebSocket limits and bad input: over websocket_max_frame_size / websocket_max_message_size → 1009 (at the limit: fine), invalid UTF-8 text → 1007, unmasked client frame, reserved opcodes and bits, bad control and close frames, bad fragment order → 1002 (a close is echoed with its code), past max_websocket_connections → 503, version 8 → 426 with Sec-WebSocket-Version: 13, no key → 400; another WebSocket keeps working after each
--SKIPIF--
<?php require __DIR__.'/helpers.inc'; ws_skipif_python(); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4,
              'websocket_max_frame_size' => 1000, 'websocket_max_message_size' => 4000,
              'max_websocket_connections' => 3]);
$server->on('Message', function ($server, $f) {
    if ($f->data === 'stats') {
        $s = $server->stats();
        $server->push($f->fd, "websocket_num {$s['websocket_num']} refused {$s['websocket_upgrade_refused']}");
        return;
    }
    $server->push($f->fd, "got " . strlen($f->data) . " bytes, md5 " . md5($f->data));
});
$server->start();
PHP);

// The keeper stays open through every case and must still echo after each.
$keeper = ws_raw_open($srv->port, '/keeper');
$n = 0;
$keeper_ok = function () use ($keeper, &$n) {
    $msg = 'keeper ' . ++$n;
    ws_raw_write($keeper, ws_raw_frame(1, $msg));
    $f = ws_raw_read_frame($keeper);
    return is_array($f) && $f['payload'] === "got " . strlen($msg) . " bytes, md5 " . md5($msg) ? 'keeper echoes' : 'keeper: ' . var_export($f, true);
};
$py = fn(string $body) => trim(ws_python($srv->port, $body, 15));
$stats = function () use ($keeper) {
    // Closed WebSockets leave the registry once their close handshake ends: wait for that.
    for ($i = 0; $i < 50; $i++) {
        ws_raw_write($keeper, ws_raw_frame(1, 'stats'));
        $f = ws_raw_read_frame($keeper);
        $s = is_array($f) ? $f['payload'] : $f;
        if (str_starts_with($s, 'websocket_num 1 ')) break;
        usleep(50000);
    }
    return $s;
};

// Sizes, with python3-websockets (which reports the close code it got).
$size_case = <<<'PY'
async with websockets.connect(f"ws://127.0.0.1:{port}/size", ping_interval=None, max_size=None) as ws:
    await ws.send(MSG)
    try:
        print(await ws.recv())
        await ws.close()
    except websockets.ConnectionClosed as e:
        print("closed:", e.rcvd.code if e.rcvd else None)
PY;
foreach (['frame of 1000 bytes' => '"a" * 1000', 'frame of 1001 bytes' => '"a" * 1001',
          'message of 4 fragments of 1000 bytes' => '["b" * 1000] * 4',
          'message of 4000 bytes + 1 more fragment of 1 byte' => '["b" * 1000] * 4 + ["c"]',
          'fragments of 1001 bytes' => '["d" * 1001, "e"]'] as $what => $msg) {
    echo "$what: ", $py(str_replace('MSG', $msg, $size_case)), "; ", $keeper_ok(), "\n";
}

// Frames the real clients never send, over raw sockets. Each case lists what the server sent
// back until it closed the connection (after a message, the client closes with 1000).
$raw_cases = [
    'invalid UTF-8 text' => ws_raw_frame(1, "ok \xc3\x28 no"),
    'invalid UTF-8 across fragments' => ws_raw_frame(1, "caf\xc3", true, false) . ws_raw_frame(0, "\xa9 \xff"),
    'valid UTF-8 across fragments' => ws_raw_frame(1, "caf\xc3", true, false) . ws_raw_frame(0, "\xa9!"),
    'unmasked frame' => ws_raw_frame(1, 'hello', false),
    'reserved opcode 3' => ws_raw_frame(3, 'x'),
    'reserved control opcode 0xB' => ws_raw_frame(0xB, 'x'),
    'RSV1 without deflate' => ws_raw_frame(1, 'x', true, true, 0x40),
    'ping of 126 bytes' => ws_raw_frame(9, str_repeat('p', 126)),
    'fragmented ping' => ws_raw_frame(9, 'p', true, false),
    'ping between fragments' => ws_raw_frame(1, 'ab', true, false) . ws_raw_frame(9, 'pp') . ws_raw_frame(0, 'c'),
    'continuation without a start' => ws_raw_frame(0, 'x'),
    'text frame inside a fragmented message' => ws_raw_frame(1, 'a', true, false) . ws_raw_frame(1, 'b'),
    'length not minimally encoded' => "\x81\xfe\x00\x05\x00\x00\x00\x00hello",
    'close code 1005 on the wire' => ws_raw_frame(8, pack('n', 1005)),
    'close with a 1-byte payload' => ws_raw_frame(8, "\x03"),
    'close reason not UTF-8' => ws_raw_frame(8, pack('n', 1000) . "\xff"),
    'close 4001 with a reason' => ws_raw_frame(8, pack('n', 4001) . 'bye'),
];
foreach ($raw_cases as $what => $bytes) {
    $ws = ws_raw_open($srv->port, '/raw');
    ws_raw_write($ws, $bytes);
    $seen = [];
    while (count($seen) < 5) {
        $f = ws_raw_read_frame($ws);
        if (!is_array($f)) { $seen[] = $f; break; }
        if ($f['opcode'] === 8) {
            // The code; the reason only where the client gave one (the server echoes the code, not
            // the reason; its own reasons are prose).
            $p = $f['payload'];
            $seen[] = 'close ' . (strlen($p) >= 2 ? unpack('n', $p)[1] . ($what === 'close 4001 with a reason' ? ' reason "' . substr($p, 2) . '"' : '') : '(no code)');
            continue;
        }
        $seen[] = ($f['opcode'] === 10 ? 'pong' : "opcode {$f['opcode']}") . " \"{$f['payload']}\"";
        if ($f['opcode'] === 1) ws_raw_write($ws, ws_raw_frame(8, pack('n', 1000)));
    }
    fclose($ws);
    echo "$what: ", implode(', ', $seen), "; ", $keeper_ok(), "\n";
}

// max_websocket_connections 3: the keeper and two more are open, the fourth gets 503, and once
// one closes a new one is accepted again.
echo "before the limit: ", $stats(), "\n";
echo "limit: ", $py(<<<'PY'
a = await websockets.connect(f"ws://127.0.0.1:{port}/2", ping_interval=None)
b = await websockets.connect(f"ws://127.0.0.1:{port}/3", ping_interval=None)
try:
    await websockets.connect(f"ws://127.0.0.1:{port}/4", ping_interval=None)
    print("fourth: opened")
except websockets.InvalidStatusCode as e:
    print("fourth:", e.status_code, end=", ")
await b.close()
for _ in range(50):
    try:
        c = await websockets.connect(f"ws://127.0.0.1:{port}/5", ping_interval=None)
        break
    except websockets.InvalidStatusCode:
        await asyncio.sleep(0.05)
await c.send("after b closed")
print("after one closed:", await c.recv(), end=", ")
await a.send("a still")
print("a:", await a.recv())
await a.close()
await c.close()
PY), "; ", $keeper_ok(), "\n";
echo "after the limit: ", $stats(), "\n";

// Bad handshakes over raw sockets.
$key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
foreach (['version 8' => "{$key}Sec-WebSocket-Version: 8\r\n", 'no key' => "Sec-WebSocket-Version: 13\r\n",
          'key of 15 bytes' => "Sec-WebSocket-Key: " . base64_encode('123456789012345') . "\r\nSec-WebSocket-Version: 13\r\n"] as $what => $lines) {
    $c = stream_socket_client("tcp://127.0.0.1:{$srv->port}", $errno, $errstr, 5);
    stream_set_blocking($c, false);
    [$status, $h] = ws_raw_request($c, "GET /bad HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n$lines\r\n");
    fclose($c);
    echo "$what: $status", isset($h['sec-websocket-version']) ? ", Sec-WebSocket-Version: {$h['sec-websocket-version']}" : '',
        isset($h['sec-websocket-accept']) ? ', with an accept!' : '', "; ", $keeper_ok(), "\n";
}
ws_raw_write($keeper, ws_raw_frame(8, pack('n', 1000) . 'bye'));
echo "keeper's close: ", ws_raw_expect_close($keeper), "\n";
$log = $srv->stop();
echo preg_match('/Fatal|PHP Warning/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
frame of 1000 bytes: got 1000 bytes, md5 cabe45dcc9ae5b66ba86600cca6b8ba8; keeper echoes
frame of 1001 bytes: closed: 1009; keeper echoes
message of 4 fragments of 1000 bytes: got 4000 bytes, md5 f0b0cef902590cb356a25d5ef9c47e6e; keeper echoes
message of 4000 bytes + 1 more fragment of 1 byte: closed: 1009; keeper echoes
fragments of 1001 bytes: closed: 1009; keeper echoes
invalid UTF-8 text: close 1007, eof; keeper echoes
invalid UTF-8 across fragments: close 1007, eof; keeper echoes
valid UTF-8 across fragments: opcode 1 "got 6 bytes, md5 92ef4facae574301fc3f0e49b3342f8d", close 1000, eof; keeper echoes
unmasked frame: close 1002, eof; keeper echoes
reserved opcode 3: close 1002, eof; keeper echoes
reserved control opcode 0xB: close 1002, eof; keeper echoes
RSV1 without deflate: close 1002, eof; keeper echoes
ping of 126 bytes: close 1002, eof; keeper echoes
fragmented ping: close 1002, eof; keeper echoes
ping between fragments: pong "pp", opcode 1 "got 3 bytes, md5 900150983cd24fb0d6963f7d28e17f72", close 1000, eof; keeper echoes
continuation without a start: close 1002, eof; keeper echoes
text frame inside a fragmented message: close 1002, eof; keeper echoes
length not minimally encoded: close 1002, eof; keeper echoes
close code 1005 on the wire: close 1002, eof; keeper echoes
close with a 1-byte payload: close 1002, eof; keeper echoes
close reason not UTF-8: close 1007, eof; keeper echoes
close 4001 with a reason: close 4001 reason "", eof; keeper echoes
before the limit: websocket_num 1 refused 0
limit: fourth: 503, after one closed: got 14 bytes, md5 68e5cd1854b56bd11ccd31410cfd05dc, a: got 7 bytes, md5 77c3a59deb87650a13d20904661c1600; keeper echoes
after the limit: websocket_num 1 refused 1
version 8: 426, Sec-WebSocket-Version: 13; keeper echoes
no key: 400; keeper echoes
key of 15 bytes: 400; keeper echoes
keeper's close: close 1000 + EOF
log clean
