--TEST--
Server::__construct(): an address or port that cannot be bound throws Trident\Exception with the OS error, also when another Trident server holds the port
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded');
--FILE--
<?php
use Trident\Http\Server;

function attempt(string $label, callable $fn) {
    try {
        $fn();
        echo "$label: no exception\n";
    } catch (Throwable $e) {
        echo "$label: ", get_class($e), ": ", $e->getMessage(), "\n";
    }
}
// A port held by an ordinary listening socket.
$s = stream_socket_server('tcp://127.0.0.1:0');
$name = stream_socket_get_name($s, false);
$port = (int)substr($name, strrpos($name, ':') + 1);
attempt('port held by another socket', fn() => new Server('127.0.0.1', $port));
fclose($s);

// A port held by another Trident server (bound, not started yet).
$s = stream_socket_server('tcp://127.0.0.1:0');
$name = stream_socket_get_name($s, false);
$free = (int)substr($name, strrpos($name, ':') + 1);
fclose($s);
$first = new Server('127.0.0.1', $free);
attempt('port held by another Trident server', function () use ($free) { $second = new Server('127.0.0.1', $free); });

attempt('invalid address', fn() => new Server('999.1.1.1', 0));
attempt('port out of range', fn() => new Server('127.0.0.1', 70000));
attempt('negative port', fn() => new Server('127.0.0.1', -1));
attempt('Trident\Exception is an Exception', function () { throw new Trident\Exception('x'); });
var_dump(is_subclass_of(Trident\Exception::class, Exception::class));
?>
--EXPECTF--
port held by another socket: Trident\Exception: cannot listen on 127.0.0.1:%d: Address already in use
port held by another Trident server: Trident\Exception: cannot listen on 127.0.0.1:%d: Address already in use
invalid address: Trident\Exception: cannot resolve "999.1.1.1": %s
port out of range: ValueError: Trident\Http\Server::__construct(): Argument #2 ($port) must be between 0 and 65535
negative port: ValueError: Trident\Http\Server::__construct(): Argument #2 ($port) must be between 0 and 65535
Trident\Exception is an Exception: Trident\Exception: x
bool(true)
