--TEST--
WebSocket push where the caller cannot suspend (a destructor, where PHP forbids a coroutine switch): false at once while the client's push credit is used up, counted in websocket_push_refused, and true again once the client reads; the coroutine's own pushes meanwhile wait and all arrive in order
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("asserts that a writer outruns a client that reads nothing for a while, and under ASan the writer is too slow to fill the buffers in that time");
require __DIR__ . '/wsclient.inc'; wsclient_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/wsclient.inc';
$log = tempnam(sys_get_temp_dir(), 'trident-push');
$srv = new TridentTestServer(tls_php_var('LOG', $log) . <<<'PHP'
use Trident\WebSocket\Frame;

// A push from a destructor: no coroutine switch is possible there, so it cannot wait.
final class OutsideCoroutine {
    public static ?bool $result = null;
    public function __construct(private $server, private int $fd, private string $data, private int $opcode) {}
    public function __destruct() { self::$result = $this->server->push($this->fd, $this->data, $this->opcode); }
}
function push_outside($server, int $fd, string $data, int $opcode): bool {
    $o = new OutsideCoroutine($server, $fd, $data, $opcode);
    unset($o);
    return OutsideCoroutine::$result;
}

$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Message', function ($server, Frame $f) use ($LOG) {
    if ($f->data !== 'start') return;
    $fd = $f->fd;
    $n = 200;
    $size = 65536;
    $st = (object)['in_push' => false, 'start' => hrtime(true), 'last' => hrtime(true), 'done' => false, 'outside' => null, 'again' => null, 'ok' => 0];
    Trident\go(function () use ($server, $fd, $n, $size, $st) {
        $base = '';
        for ($j = 0; $j < $size + 251; $j++) $base .= chr($j % 251);
        for ($i = 0; $i < $n; $i++) {
            $st->in_push = true;
            $st->ok += (int)$server->push($fd, substr($base, $i % 251, $size), Frame::OPCODE_BINARY);
            $st->in_push = false;
            $st->last = hrtime(true);
        }
        $st->done = true;
    });
    $text = '';
    for ($j = 0; $j < $size; $j++) $text .= chr(ord('a') + $j % 26);
    $tries = 0;
    Trident\Timer::tick(50, function ($tid) use ($server, $fd, $st, $text, $LOG, &$tries) {
        if (!$st->done && $st->in_push && $st->outside === null && hrtime(true) - $st->last > 300000000 && hrtime(true) - $st->start < 3000000000) {
            // The coroutine has been waiting in push() for 300 ms while the client still reads
            // nothing (its pause lasts 4 s; a loaded machine may stall the worker for 300 ms
            // once the client reads again, when credit is back): the credit is used up, and a
            // message of the same size cannot wait for it here.
            $st->outside = push_outside($server, $fd, $text, Frame::OPCODE_BINARY);
        } elseif ($st->done && ++$tries <= 100) {
            if (!push_outside($server, $fd, $text, Frame::OPCODE_TEXT)) return;
            $s = $server->stats();
            file_put_contents($LOG, sprintf("coroutine pushes ok %d\noutside push while full: %s\noutside push after the client read: true\nrefused counted: %s\ndropped %d\n",
                $st->ok, var_export($st->outside, true), $s['websocket_push_refused'] >= 1 ? 'yes' : 'no', $s['websocket_push_dropped']));
            Trident\Timer::clear($tid);
        } elseif ($tries > 100) {
            file_put_contents($LOG, "the outside push never got through\n");
            Trident\Timer::clear($tid);
        }
    });
});
$server->start();
PHP);

echo wsclient('h1', $srv->port, ['send-text:start', 'pause-read:4', 'expect-binary-seq:200:65536', 'expect-text-size:65536', 'close:1000'], [], null, 25);
for ($i = 0; $i < 250 && trim((string)@file_get_contents($log)) === ''; $i++) usleep(20000);
echo file_get_contents($log);
$out = $srv->stop();
@unlink($log);
echo preg_match('/Fatal|Warning|Notice/', $out) ? "server log:\n$out" : "server log clean\n";
?>
--EXPECT--
open 101 ext=- proto=-
binary-seq 200 65536
text 65536 abcdefghijklmnopqrstuvwxyzabcdefghijklmn
close 1000
end
coroutine pushes ok 200
outside push while full: false
outside push after the client read: true
refused counted: yes
dropped 0
server log clean
