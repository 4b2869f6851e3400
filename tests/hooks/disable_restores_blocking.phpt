--TEST--
Hooks: enableCoroutine(0) restores blocking behaviour for tcp:// streams — a stream opened while hooked, a stream opened after disabling, and a connect all block the whole process again inside a coroutine (a ticker does not run), with PHP's results; enabling again makes the stream opened while hooked suspend only its coroutine, while the stream opened unhooked stays blocking
--SKIPIF--
<?php require __DIR__ . '/hooks.inc'; hooks_skipif(); ?>
--FILE--
<?php
use Trident\Coroutine;
use Trident\Runtime;
use function Trident\Coroutine\run;

$srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$addr = stream_socket_get_name($srv, false);
// A listener whose backlog is full: connects to it wait for their timeout.
$full = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['socket' => ['backlog' => 0]]));
$full_addr = stream_socket_get_name($full, false);
$filler = stream_socket_client("tcp://$full_addr", $errno, $errstr, 1);

/** Runs $f in a coroutine next to a ticker; "result, took >= 0.3 s, ticks during it". */
function with_ticker(callable $f): string {
    $line = '';
    run(function () use ($f, &$line) {
        $ticks = 0;
        $done = false;
        Coroutine::create(function () use (&$ticks, &$done) { while (!$done) { Coroutine::sleep(0.02); $ticks++; } });
        $t = microtime(true);
        $r = $f();
        $el = microtime(true) - $t;
        $done = true;
        $line = json_encode($r) . ', waited 0.3 s: ' . var_export($el >= 0.29 && $el < 1.5, true) . ', ticker ran meanwhile: ' .
                var_export($ticks >= 5, true);
    });
    return $line;
}
$read = function ($c) {
    stream_set_timeout($c, 0, 300000);
    return [fread($c, 10), stream_get_meta_data($c)['timed_out']];
};
$connect = function () use ($full_addr) {
    $c = @stream_socket_client("tcp://$full_addr", $errno, $errstr, 0.3);
    return [$c, $errno, $errstr];
};

Runtime::enableCoroutine(Runtime::HOOK_TCP);
$hooked_stream = null;
run(function () use (&$hooked_stream, $addr) { $hooked_stream = stream_socket_client("tcp://$addr", $errno, $errstr, 1); });
$peer1 = stream_socket_accept($srv, 1);
echo "hooked, stream opened while hooked: ", with_ticker(fn() => $read($hooked_stream)), "\n";
echo "hooked, connect: ", with_ticker($connect), "\n";

Runtime::enableCoroutine(0);
echo "flags: ", Runtime::getHookFlags(), "\n";
echo "disabled, stream opened while hooked: ", with_ticker(fn() => $read($hooked_stream)), "\n";
$plain_stream = null;
run(function () use (&$plain_stream, $addr) { $plain_stream = stream_socket_client("tcp://$addr", $errno, $errstr, 1); });
$peer2 = stream_socket_accept($srv, 1);
echo "disabled, stream opened after disabling: ", with_ticker(fn() => $read($plain_stream)), "\n";
echo "disabled, connect: ", with_ticker($connect), "\n";
fwrite($peer1, 'a');
fwrite($peer2, 'b');
echo "data still flows: ", json_encode([fread($hooked_stream, 10), fread($plain_stream, 10)]), "\n";

Runtime::enableCoroutine(Runtime::HOOK_TCP);
echo "enabled again, stream opened while hooked: ", with_ticker(fn() => $read($hooked_stream)), "\n";
echo "enabled again, stream opened unhooked: ", with_ticker(fn() => $read($plain_stream)), "\n";
?>
--EXPECT--
hooked, stream opened while hooked: [false,true], waited 0.3 s: true, ticker ran meanwhile: true
hooked, connect: [false,110,"Connection timed out"], waited 0.3 s: true, ticker ran meanwhile: true
flags: 0
disabled, stream opened while hooked: [false,true], waited 0.3 s: true, ticker ran meanwhile: false
disabled, stream opened after disabling: [false,true], waited 0.3 s: true, ticker ran meanwhile: false
disabled, connect: [false,110,"Connection timed out"], waited 0.3 s: true, ticker ran meanwhile: false
data still flows: ["a","b"]
enabled again, stream opened while hooked: [false,true], waited 0.3 s: true, ticker ran meanwhile: true
enabled again, stream opened unhooked: [false,true], waited 0.3 s: true, ticker ran meanwhile: false
