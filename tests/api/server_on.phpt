--TEST--
Server::on(): every documented event is accepted case-insensitively; an unknown event throws ValueError; a non-callable throws TypeError
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded');
--FILE--
<?php
use Trident\Http\Server;

$server = new Server('127.0.0.1', 0);
$cb = function () {};
foreach (['Start', 'Shutdown', 'ManagerStart', 'WorkerStart', 'WorkerStop', 'WorkerError', 'Request', 'Datagram',
          'request', 'REQUEST', 'workerstart', 'wOrKeRsToP'] as $ev) {
    echo "$ev: ", var_export($server->on($ev, $cb), true), "\n";
}
foreach (['NoSuchEvent', '', 'Request ', 'Message'] as $ev) {
    try {
        $r = $server->on($ev, $cb);
        echo json_encode($ev), ": returned ", var_export($r, true), "\n";
    } catch (ValueError $e) {
        echo json_encode($ev), ": ValueError: ", $e->getMessage(), "\n";
    }
}
try {
    $server->on('Request', 'no_such_function');
} catch (TypeError $e) {
    echo "TypeError: ", $e->getMessage(), "\n";
}
// start() without a Request callback is refused before anything is forked.
$other = new Server('127.0.0.1', 0);
$other->on('WorkerStart', $cb);
try {
    $other->start();
} catch (Trident\Exception $e) {
    echo "Trident\\Exception: ", $e->getMessage(), "\n";
}
?>
--EXPECT--
Start: true
Shutdown: true
ManagerStart: true
WorkerStart: true
WorkerStop: true
WorkerError: true
Request: true
Datagram: true
request: true
REQUEST: true
workerstart: true
wOrKeRsToP: true
"NoSuchEvent": ValueError: Trident\Http\Server::on(): Argument #1 ($event) must be one of Start, Shutdown, ManagerStart, WorkerStart, WorkerStop, WorkerError, Request, Datagram, "NoSuchEvent" given
"": ValueError: Trident\Http\Server::on(): Argument #1 ($event) must be one of Start, Shutdown, ManagerStart, WorkerStart, WorkerStop, WorkerError, Request, Datagram, "" given
"Request ": ValueError: Trident\Http\Server::on(): Argument #1 ($event) must be one of Start, Shutdown, ManagerStart, WorkerStart, WorkerStop, WorkerError, Request, Datagram, "Request " given
"Message": ValueError: Trident\Http\Server::on(): Argument #1 ($event) must be one of Start, Shutdown, ManagerStart, WorkerStart, WorkerStop, WorkerError, Request, Datagram, "Message" given
TypeError: Trident\Http\Server::on(): Argument #2 ($callback) must be a valid callback, function "no_such_function" not found or invalid function name
Trident\Exception: No "Request" callback registered: call $server->on('Request', ...) before start()
