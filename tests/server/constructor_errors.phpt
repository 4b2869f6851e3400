--TEST--
Constructor and start() errors, in the calling process before any fork: port in use (plain socket or another Trident server) throws Trident\Exception "Address already in use", invalid port throws ValueError, start() without a Request callback throws Trident\Exception
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident extension not loaded'); ?>
--FILE--
<?php
require __DIR__ . '/../support/server.inc';
use Trident\Http\Server;

function attempt(string $label, callable $fn): void {
    try {
        $r = $fn();
        echo "$label: no exception (", get_debug_type($r), ")\n";
    } catch (Throwable $e) {
        echo "$label: ", get_class($e), ": ", $e->getMessage(), "\n";
    }
}

// Port held by an ordinary listening socket.
$holder = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$name = stream_socket_get_name($holder, false);
$port = (int)substr($name, strrpos($name, ':') + 1);
try {
    new Server('127.0.0.1', $port);
    echo "plain socket holder: no exception\n";
} catch (Trident\Exception $e) {
    echo "plain socket holder: Trident\\Exception, mentions the address: ", var_export(str_contains($e->getMessage(), "127.0.0.1:$port"), true),
        ", Address already in use: ", var_export(str_contains($e->getMessage(), 'Address already in use'), true), "\n";
}
fclose($holder);

// Port held by another Trident server (constructed, so bound and listening). The port is
// free when picked, but another process may take it before the constructor binds it.
for ($try = 0, $first = null; $first === null && $try < 5; $try++) {
    $port2 = trident_free_port();
    try { $first = new Server('127.0.0.1', $port2); } catch (Trident\Exception $e) { }
}
try {
    $second = new Server('127.0.0.1', $port2);
    echo "Trident holder: no exception (two servers share the port)\n";
} catch (Trident\Exception $e) {
    echo "Trident holder: Trident\\Exception, Address already in use: ", var_export(str_contains($e->getMessage(), 'Address already in use'), true), "\n";
}
unset($first, $second);

attempt('port 70000', fn() => new Server('127.0.0.1', 70000));
attempt('port -1', fn() => new Server('127.0.0.1', -1));

// start() without a Request callback: throws, and nothing was forked.
$s = new Server('127.0.0.1', 0);
$s->on('WorkerStart', function () { echo "a worker started!\n"; });
$t = microtime(true);
attempt('start() without Request', fn() => $s->start());
// (A start() that went on would not return at all.)
echo "returned at once: ", var_export(microtime(true) - $t < 3.0, true), "\n";
echo "masterPid/managerPid still 0: ", $s->masterPid, "/", $s->managerPid, "\n";
$children = trim((string)@file_get_contents('/proc/' . getmypid() . '/task/' . getmypid() . '/children'));
echo "child processes: [", $children, "]\n";
echo "still single-process, same pid: ", var_export(getmypid() === (int)explode(' ', file_get_contents('/proc/self/stat'))[0], true), "\n";
?>
--EXPECT--
plain socket holder: Trident\Exception, mentions the address: true, Address already in use: true
Trident holder: Trident\Exception, Address already in use: true
port 70000: ValueError: Trident\Http\Server::__construct(): Argument #2 ($port) must be between 0 and 65535
port -1: ValueError: Trident\Http\Server::__construct(): Argument #2 ($port) must be between 0 and 65535
start() without Request: Trident\Exception: No "Request" callback registered: call $server->on('Request', ...) before start()
returned at once: true
masterPid/managerPid still 0: 0/0
child processes: []
still single-process, same pid: true
