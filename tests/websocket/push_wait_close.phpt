--TEST--
WebSocket closed while a coroutine waits in push() for its client to read: push() returns false promptly (the reactor's WS_WRITABLE on release), the Close event runs, nothing stays behind (the next WebSocket pushes and is answered normally)
--SKIPIF--
<?php require __DIR__ . '/wsclient.inc'; wsclient_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/wsclient.inc';
$log = tempnam(sys_get_temp_dir(), 'trident-push');
$srv = new TridentTestServer(tls_php_var('LOG', $log) . <<<'PHP'
use Trident\WebSocket\Frame;
$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$closed = [];
$server->on('Message', function ($server, Frame $f) use ($LOG, &$closed) {
    if ($f->data !== 'fill') {
        $server->push($f->fd, "echo {$f->data}");
        return;
    }
    $chunk = str_repeat('x', 65536);
    for ($i = 0; $i < 2000; $i++) {
        $t = hrtime(true);
        if (!$server->push($f->fd, $chunk, Frame::OPCODE_BINARY)) break;
    }
    $at = hrtime(true);
    $waited = ($at - $t) / 1e6;
    // The Close event may run just before or just after this coroutine resumes.
    for ($k = 0; $k < 100 && !isset($closed[$f->fd]); $k++) Trident\Coroutine::sleep(0.01);
    $gap = isset($closed[$f->fd]) ? abs($at - $closed[$f->fd]) / 1e6 : INF;
    // The client read nothing for 1.5 s before it went: the push that failed had been waiting.
    file_put_contents($LOG, sprintf("push returned false: %s\nit had waited for the client: %s\nwithin 1 s of the Close event: %s\n",
        $i < 2000 ? 'yes' : 'no', $waited >= 1000 ? 'yes' : "no ($waited ms)", $gap < 1000 ? 'yes' : "no ($gap ms)"), FILE_APPEND);
});
$server->on('Close', function ($server, int $fd) use (&$closed) { $closed[$fd] = hrtime(true); });
$server->on('Request', function ($req, $res) use ($server) {
    $s = $server->stats();
    $res->end("websocket_num {$s['websocket_num']} refused {$s['websocket_push_refused']}");
});
$server->start();
PHP);

// The client asks for 125 MiB, reads nothing for 1.5 s, then goes away without reading.
echo wsclient('h1', $srv->port, ['send-text:fill', 'pause-read:1.5'], [], null, 20);
for ($i = 0; $i < 250 && !str_contains((string)@file_get_contents($log), 'within'); $i++) usleep(20000);
echo file_get_contents($log);
echo "-- the next WebSocket\n", wsclient('h1', $srv->port, ['send-text:hi', 'expect-text:echo hi', 'close:1000']);
for ($i = 0; $i < 100; $i++) {
    [, $body] = trident_curl([$srv->url('/stats')]);
    if (str_starts_with($body, 'websocket_num 0')) break;
    usleep(20000);
}
echo $body, "\n";
$out = $srv->stop();
@unlink($log);
echo preg_match('/Fatal|Warning|Notice/', $out) ? "server log:\n$out" : "server log clean\n";
?>
--EXPECT--
open 101 ext=- proto=-
push returned false: yes
it had waited for the client: yes
within 1 s of the Close event: yes
-- the next WebSocket
open 101 ext=- proto=-
text 7 echo hi
close 1000
end
websocket_num 0 refused 0
server log clean
