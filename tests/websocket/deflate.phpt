--TEST--
WebSocket permessage-deflate (websocket_compression): python3-websockets negotiates it, a compressible 1 MiB message echoes byte-exact; a push with WEBSOCKET_FLAG_COMPRESS goes out with RSV1 and inflates to the message, one without it does not; a decompression bomb (whole or fragmented) is closed with 1009, data that does not inflate with 1007, and the server's RSS stays flat
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("asserts RSS bounds, and ASan's quarantine and shadow memory grow RSS by design");
require __DIR__.'/helpers.inc'; ws_skipif_python(); trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require __DIR__ . '/../memory/rss.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'websocket_compression' => true,
              'websocket_max_message_size' => 2 << 20]);
$server->on('Message', function ($server, $f) {
    if ($f->data === 'plain') {
        $server->push($f->fd, str_repeat('plain, not compressed. ', 40));
        return;
    }
    $server->push($f->fd, $f->data, $f->opcode, Trident\WEBSOCKET_FLAG_FIN | Trident\WEBSOCKET_FLAG_COMPRESS);
});
$server->on('Request', function ($req, $res) use ($server) {
    $res->end(implode(',', array_column($server->stats()['workers'], 'pid')));
});
$server->start();
PHP);
$roles = rss_roles($srv, rss_worker_pids($srv));

echo ws_python($srv->port, <<<'PY'
async with websockets.connect(f"ws://127.0.0.1:{port}/", max_size=None, ping_interval=None) as ws:
    print("extensions:", ws.response_headers.get("Sec-WebSocket-Extensions"), [e.name for e in ws.extensions])
    text = "".join(f"line {i}: the quick brown fox jumps over the lazy dog\n" for i in range(30000))[:1 << 20]
    binary = bytes(range(256)) * 4096
    for msg in (text, binary):
        await ws.send(msg)
        back = await ws.recv()
        print("echo", type(msg).__name__, len(msg), "byte-exact:", back == msg)
PY);

// By hand, to see the frames themselves: RSV1 and a payload that inflates to the message.
$ws = ws_raw_open($srv->port, '/raw', ['Sec-WebSocket-Extensions: permessage-deflate'], $response);
echo "raw client's extensions: ", $response[1]['sec-websocket-extensions'] ?? 'none', "\n";
$inflate = inflate_init(ZLIB_ENCODING_RAW);
$deflate = deflate_init(ZLIB_ENCODING_RAW);
$compress = fn(string $s) => substr(deflate_add($deflate, $s, ZLIB_SYNC_FLUSH), 0, -4);   // without 00 00 ff ff
$msg = str_repeat('compress me, please. ', 500);
ws_raw_write($ws, ws_raw_frame(1, $compress($msg), true, true, 0x40));
$f = ws_raw_read_frame($ws);
echo "compressed push: RSV1 ", var_export(($f['rsv'] & 0x40) !== 0, true), ", ", strlen($f['payload']) < strlen($msg) / 10 ? 'small' : strlen($f['payload']) . ' bytes',
    ", inflates to the message: ", var_export(inflate_add($inflate, $f['payload'] . "\x00\x00\xff\xff", ZLIB_SYNC_FLUSH) === $msg, true), "\n";
ws_raw_write($ws, ws_raw_frame(1, $compress('plain'), true, true, 0x40));
$f = ws_raw_read_frame($ws);
echo "push without the flag: RSV1 ", var_export(($f['rsv'] & 0x40) !== 0, true), ", as is: ", var_export($f['payload'] === str_repeat('plain, not compressed. ', 40), true), "\n";

// The bomb: 64 MiB of zeros deflate to ~64 KiB, one frame, far under the frame limit; it must
// be stopped at websocket_max_message_size (2 MiB) while inflating.
$bomber = deflate_init(ZLIB_ENCODING_RAW, ['level' => 9]);
$bomb = '';
$zeros = str_repeat("\0", 1 << 20);
for ($i = 0; $i < 64; $i++) $bomb .= deflate_add($bomber, $zeros, ZLIB_NO_FLUSH);
$bomb = substr($bomb . deflate_add($bomber, '', ZLIB_SYNC_FLUSH), 0, -4);
echo "bomb: ", strlen($bomb) < (200 << 10) ? 'under 200 KiB' : strlen($bomb) . ' bytes', "\n";
$drop = function () use ($srv, $bomb) {
    $b = ws_raw_open($srv->port, '/bomb', ['Sec-WebSocket-Extensions: permessage-deflate']);
    ws_raw_write($b, ws_raw_frame(2, $bomb, true, true, 0x40));
    $r = ws_raw_expect_close($b, 10);
    fclose($b);
    return $r;
};
// The peak RSS (VmHWM) too: a bomb inflated in full and freed at once would not show in VmRSS.
$peak = function () use ($srv) {
    $kb = [];
    foreach (array_keys(rss_snapshot($srv)) as $pid) {
        preg_match('/^VmHWM:\s+(\d+) kB/m', (string)@file_get_contents("/proc/$pid/status"), $m);
        $kb[$pid] = (int)($m[1] ?? 0);
    }
    return $kb;
};
$peak_before = $peak();
echo "first bomb: ", $drop(), "\n";
$before = rss_snapshot($srv);
$codes = [];
for ($i = 0; $i < 40; $i++) { $r = $drop(); $codes[$r] = ($codes[$r] ?? 0) + 1; }
echo "40 more bombs: ", json_encode($codes), "\n";
// The same bomb cut into 8 fragments (only the first has RSV1): the bound is on the message.
$frags = str_split($bomb, intdiv(strlen($bomb), 8) + 1);
$b = ws_raw_open($srv->port, '/fragmented-bomb', ['Sec-WebSocket-Extensions: permessage-deflate']);
foreach ($frags as $i => $part) ws_raw_write($b, ws_raw_frame($i ? 0 : 2, $part, true, $i === count($frags) - 1, $i ? 0 : 0x40));
echo "fragmented bomb: ", ws_raw_expect_close($b, 10), "\n";
fclose($b);
$b = ws_raw_open($srv->port, '/garbage', ['Sec-WebSocket-Extensions: permessage-deflate']);
ws_raw_write($b, ws_raw_frame(2, "\xff\xff\xff\xff\xff", true, true, 0x40));
echo "data that does not inflate: ", ws_raw_expect_close($b), "\n";
fclose($b);
usleep(200000);
$after = rss_snapshot($srv);
echo rss_report($roles, $before, $after, 4096);
echo "peak RSS: ", rss_report($roles, $peak_before, $peak(), 8192);

$msg = str_repeat('still here ', 100);
ws_raw_write($ws, ws_raw_frame(1, $compress($msg), true, true, 0x40));
$f = ws_raw_read_frame($ws);
echo "the first raw client after the bombs: ", var_export(is_array($f) && inflate_add($inflate, $f['payload'] . "\x00\x00\xff\xff", ZLIB_SYNC_FLUSH) === $msg, true), "\n";
ws_raw_write($ws, ws_raw_frame(8, pack('n', 1000)));
echo "its close: ", ws_raw_expect_close($ws), "\n";
$log = $srv->stop();
echo preg_match('/Fatal|PHP Warning/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
extensions: permessage-deflate ['permessage-deflate']
echo str 1048576 byte-exact: True
echo bytes 1048576 byte-exact: True
raw client's extensions: permessage-deflate
compressed push: RSV1 true, small, inflates to the message: true
push without the flag: RSV1 false, as is: true
bomb: under 200 KiB
first bomb: close 1009 + EOF
40 more bombs: {"close 1009 + EOF":40}
fragmented bomb: close 1009 + EOF
data that does not inflate: close 1007 + EOF
manager: flat
master: flat
worker: flat
peak RSS: manager: flat
master: flat
worker: flat
the first raw client after the bombs: true
its close: close 1000 + EOF
log clean
