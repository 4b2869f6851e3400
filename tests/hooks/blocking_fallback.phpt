--TEST--
Hooks: a stream opened before enableCoroutine() stays blocking inside a coroutine (nothing else runs while it waits), and hooked streams used outside any coroutine block exactly as PHP's do (timeout, timed_out, stream type)
--SKIPIF--
<?php require __DIR__ . '/hooks.inc'; hooks_skipif(); ?>
--FILE--
<?php
use Trident\Coroutine;
use function Trident\go;
use function Trident\Coroutine\run;

$srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$addr = stream_socket_get_name($srv, false);
$old = stream_socket_client("tcp://$addr", $errno, $errstr, 1);
$old_peer = stream_socket_accept($srv, 1);

Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_TCP);

run(function () use ($old) {
    $ticks = 0;
    $done = false;
    go(function () use (&$ticks, &$done) { while (!$done) { Coroutine::sleep(0.02); $ticks++; } });
    stream_set_timeout($old, 0, 300000);
    $t = microtime(true);
    var_dump(fread($old, 10));
    $el = microtime(true) - $t;
    echo "old stream: timed_out ", var_export(stream_get_meta_data($old)['timed_out'], true),
         ", waited 0.3 s: ", var_export($el >= 0.29, true), ", ticks during the read: $ticks\n";
    $done = true;
});

// Outside any coroutine, a stream created with hooks on: PHP's blocking behaviour.
$c = stream_socket_client("tcp://$addr", $errno, $errstr, 1);
$peer = stream_socket_accept($srv, 1);
echo "type: ", stream_get_meta_data($c)['stream_type'], "\n";
stream_set_timeout($c, 0, 200000);
$t = microtime(true);
var_dump(fread($c, 10));
$el = microtime(true) - $t;
echo "outside: timed_out ", var_export(stream_get_meta_data($c)['timed_out'], true), ", waited 0.2 s: ",
     var_export($el >= 0.19, true), "\n";
fwrite($peer, "hi");
var_dump(fread($c, 10));
var_dump(stream_get_meta_data($c)['timed_out']);
var_dump(fwrite($c, "back"), fread($peer, 10));
fclose($peer);
var_dump(fread($c, 10), feof($c));
$c2 = stream_socket_client('tcp://127.0.0.1:1', $errno, $errstr, 1);
var_dump($c2, $errno, $errstr);
?>
--EXPECTF--
bool(false)
old stream: timed_out true, waited 0.3 s: true, ticks during the read: 0
type: tcp_socket/ssl
bool(false)
outside: timed_out true, waited 0.2 s: true
string(2) "hi"
bool(false)
int(4)
string(4) "back"
string(0) ""
bool(true)

Warning: stream_socket_client(): Unable to connect to tcp://127.0.0.1:1 (Connection refused) in %s on line %d
bool(false)
int(111)
string(18) "Connection refused"
