--TEST--
Hooks: in Coroutine\run() with HOOK_TCP|HOOK_UNIX, unix:// and tcp:// clients and servers overlap their waits; refused connections warn exactly as without hooks; a read timeout sets timed_out while other coroutines run; two coroutines reading one socket get an exception naming both
--SKIPIF--
<?php require __DIR__ . '/hooks.inc'; hooks_skipif(); ?>
--FILE--
<?php
use Trident\Coroutine;
use function Trident\go;
use function Trident\Coroutine\run;

// Without hooks, outside any coroutine: the reference warning.
$c = stream_socket_client('tcp://127.0.0.1:1', $errno, $errstr, 1);
var_dump($c, $errno, $errstr);

Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_TCP | Trident\Runtime::HOOK_UNIX);

// 1. unix:// echo server and 3 clients; the server answers each after 0.2 s.
$path = sys_get_temp_dir() . '/trident-hooks-' . getmypid() . '.sock';
@unlink($path);
$t0 = microtime(true);
run(function () use ($path) {
    $srv = stream_socket_server("unix://$path", $errno, $errstr);
    go(function () use ($srv) {
        for ($i = 0; $i < 3; $i++) {
            $a = stream_socket_accept($srv, 2);
            go(function () use ($a) {
                $line = fgets($a);
                Coroutine::sleep(0.2);
                fwrite($a, "echo $line");
                fclose($a);
            });
        }
    });
    $got = [];
    for ($i = 0; $i < 3; $i++) {
        go(function () use ($path, $i, &$got) {
            $c = stream_socket_client("unix://$path", $errno, $errstr, 2);
            fwrite($c, "hello $i\n");
            $got[$i] = trim(fgets($c));
            fclose($c);
        });
    }
    while (count($got) < 3) Coroutine::sleep(0.01);
    ksort($got);
    echo "unix: ", json_encode($got), "\n";
});
$wall = microtime(true) - $t0;
echo "unix overlapped (< 0.5 s): ", var_export($wall < 0.5, true), "\n";
@unlink($path);

run(function () {
    // 2. Refused: the same warning, errno and text as without hooks.
    $c = stream_socket_client('tcp://127.0.0.1:1', $errno, $errstr, 1);
    var_dump($c, $errno, $errstr);

    // 3. Read timeout: fread() gives '' after 0.3 s with timed_out, and a ticker ran meanwhile.
    $srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
    $addr = stream_socket_get_name($srv, false);
    $ticks = 0;
    $done = false;
    go(function () use (&$ticks, &$done) { while (!$done) { Coroutine::sleep(0.02); $ticks++; } });
    $c = stream_socket_client("tcp://$addr", $errno, $errstr, 1);
    $a = stream_socket_accept($srv, 1);
    echo "type: ", stream_get_meta_data($c)['stream_type'], "\n";
    stream_set_timeout($c, 0, 300000);
    $t = microtime(true);
    var_dump(fread($c, 10));
    $el = microtime(true) - $t;
    $meta = stream_get_meta_data($c);
    echo "timed_out: ", var_export($meta['timed_out'], true), ", eof: ", var_export($meta['eof'], true),
         ", 0.3 s: ", var_export($el >= 0.29 && $el < 0.6, true), ", ticker ran: ", var_export($ticks >= 5, true), "\n";
    $done = true;

    // 4. Two coroutines reading one socket at once: the second is refused, the first still
    // gets the data.
    stream_set_timeout($c, 2);
    $reader = go(function () use ($c) { $d = fread($c, 10); echo "first reader: $d\n"; });
    $me = Coroutine::getCid();
    try {
        fread($c, 10);
        echo "second read returned\n";
    } catch (Trident\Coroutine\Exception $e) {
        echo get_class($e), ": ", str_replace(["#$reader;", "#$me "], ['#FIRST;', '#SECOND '], $e->getMessage()), "\n";
    }
    fwrite($a, "data");
    while (Coroutine::exists($reader)) Coroutine::sleep(0.01);
    fclose($c);
    fclose($a);
});
?>
--EXPECTF--
Warning: stream_socket_client(): Unable to connect to tcp://127.0.0.1:1 (Connection refused) in %s on line %d
bool(false)
int(111)
string(18) "Connection refused"
unix: ["echo hello 0","echo hello 1","echo hello 2"]
unix overlapped (< 0.5 s): true

Warning: stream_socket_client(): Unable to connect to tcp://127.0.0.1:1 (Connection refused) in %s on line %d
bool(false)
int(111)
string(18) "Connection refused"
type: tcp_socket/ssl
bool(false)
timed_out: true, eof: false, 0.3 s: true, ticker ran: true
Trident\Coroutine\Exception: Socket #%d is already being read by coroutine #FIRST; coroutine #SECOND cannot read it at the same time
first reader: data
