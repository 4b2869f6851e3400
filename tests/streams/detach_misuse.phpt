--TEST--
Detached responses, misuse: detach() before the head, after end() and twice returns false with a warning; the detached object's write()/end() return false with a warning naming Response::create(); on a created Response status()/header()/detach() return false with a warning, write()/end() after its end() too; create() for an id that ended, for a WebSocket id, for a connection's fd and for garbage returns false; a second handle to an ended stream writes nothing (false)
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/../support/server.inc';

$srv = new TridentTestServer(<<<'PHP'
use Trident\Http\Response;
$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$ws = 0;
$after = [];
$ended_id = 0;
$keep = null;
function tryit(callable $f): string {
    $warning = '';
    set_error_handler(function ($no, $msg) use (&$warning) { $warning = " warning: $msg"; return true; });
    try {
        $v = $f();
        $r = is_object($v) ? get_class($v) : var_export($v, true);
    } catch (Throwable $e) {
        $r = get_class($e) . ': ' . $e->getMessage();
    } finally {
        restore_error_handler();
    }
    return $r . $warning;
}
$server->on('Open', function ($server, $req) use (&$ws) { $ws = $req->fd; });
$server->on('Message', function () {});
$server->on('Request', function ($req, $res) use ($server, &$ws, &$after, &$ended_id, &$keep) {
    $out = [];
    switch ($req->server['path_info']) {
    case '/before':
        $out[] = 'detach before the head: ' . tryit(fn() => $res->detach());
        $res->end(implode("\n", $out) . "\nstill answered\n");
        return;
    case '/ended':
        $res->end("ended\n");
        $after[] = 'detach after end(): ' . tryit(fn() => $res->detach());
        return;
    case '/detached':
        $res->header('Content-Type', 'text/plain');
        $res->write("head\n");
        $id = $res->detach();
        $out[] = 'detach: ' . (is_int($id) && $id > 0 ? 'an id' : var_export($id, true));
        $out[] = 'detach twice: ' . tryit(fn() => $res->detach());
        $out[] = 'write on the detached object: ' . tryit(fn() => $res->write('x'));
        $out[] = 'end on the detached object: ' . tryit(fn() => $res->end());
        $out[] = 'isWritable on the detached object: ' . tryit(fn() => $res->isWritable());
        $r = Response::create($server, $id);
        $keep = Response::create($server, $id);
        $out[] = 'created: ' . tryit(fn() => $r);
        $out[] = 'status on a created one: ' . tryit(fn() => $r->status(500));
        $out[] = 'header on a created one: ' . tryit(fn() => $r->header('X-A', 'b'));
        $out[] = 'detach on a created one: ' . tryit(fn() => $r->detach());
        $out[] = 'isWritable on a created one: ' . tryit(fn() => $r->isWritable());
        $out[] = 'write nothing: ' . tryit(fn() => $r->write(''));
        $r->write(implode("\n", $out) . "\n");
        $after[] = 'end: ' . tryit(fn() => $r->end("end\n"));
        $after[] = 'write after end: ' . tryit(fn() => $r->write('x'));
        $after[] = 'end after end: ' . tryit(fn() => $r->end());
        $after[] = 'isWritable after end: ' . tryit(fn() => $r->isWritable());
        $ended_id = $id;
        return;
    case '/report':
        $out = $after;
        $out[] = 'create for the ended id: ' . tryit(fn() => Response::create($server, $ended_id));
        $out[] = 'second handle, isWritable: ' . tryit(fn() => $keep->isWritable());
        $out[] = 'second handle, write: ' . tryit(fn() => $keep->write('x'));
        $out[] = 'second handle, end: ' . tryit(fn() => $keep->end());
        $out[] = 'create for a WebSocket id: ' . tryit(fn() => $ws > 0 ? Response::create($server, $ws) : 'no WebSocket');
        $out[] = 'create for a connection fd: ' . tryit(fn() => Response::create($server, $req->fd));
        foreach ([12345, 0, -1, PHP_INT_MAX] as $n) $out[] = "create for $n: " . tryit(fn() => Response::create($server, $n));
        $res->end(implode("\n", $out) . "\n");
        return;
    }
});
$server->start();
PHP);

echo trident_curl([$srv->url('/before')])[1];
echo trident_curl([$srv->url('/ended')])[1];
[$rc, $out] = trident_curl(['-sN', $srv->url('/detached')]);
echo "detached stream: curl rc=$rc\n$out";
// A WebSocket, by hand: its id must not be accepted by Response::create().
$c = stream_socket_client("tcp://127.0.0.1:{$srv->port}", $errno, $errstr, 5);
fwrite($c, "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" .
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
stream_set_timeout($c, 5);
echo "websocket: ", trim(fgets($c)), "\n";
usleep(200000);  // the Open event runs
echo "report:\n", trident_curl([$srv->url('/report')])[1];
fclose($c);
$log = $srv->stop();
echo preg_match('/Fatal|Warning|Notice/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
detach before the head: false warning: Trident\Http\Response::detach(): Cannot detach: the response head has not been sent yet (write() sends it)
still answered
ended
detached stream: curl rc=0
head
detach: an id
detach twice: false warning: Trident\Http\Response::detach(): Cannot detach: the response is already detached
write on the detached object: false warning: Trident\Http\Response::write(): Cannot write: the response was detached; use Trident\Http\Response::create($server, $fd) with the id detach() returned
end on the detached object: false warning: Trident\Http\Response::end(): Cannot end: the response was detached; use Trident\Http\Response::create($server, $fd) with the id detach() returned
isWritable on the detached object: false
created: Trident\Http\Response
status on a created one: false warning: Trident\Http\Response::status(): Cannot call status() on a Response of a detached stream: its head has already been sent (only write(), end() and isWritable() apply)
header on a created one: false warning: Trident\Http\Response::header(): Cannot call header() on a Response of a detached stream: its head has already been sent (only write(), end() and isWritable() apply)
detach on a created one: false warning: Trident\Http\Response::detach(): Cannot detach: the response is already detached
isWritable on a created one: true
write nothing: true
end
websocket: HTTP/1.1 101 Switching Protocols
report:
detach after end(): false warning: Trident\Http\Response::detach(): Cannot detach: the response has already ended
end: true
write after end: false warning: Trident\Http\Response::write(): Cannot write: the response has already ended
end after end: false warning: Trident\Http\Response::end(): Cannot end: the response has already ended
isWritable after end: false
create for the ended id: false
second handle, isWritable: false
second handle, write: false
second handle, end: false
create for a WebSocket id: false
create for a connection fd: false
create for 12345: false
create for 0: false
create for -1: false
create for 9223372036854775807: false
log clean
