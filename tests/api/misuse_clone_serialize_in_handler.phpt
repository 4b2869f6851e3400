--TEST--
Misuse: cloning or serializing the Request/Response inside a handler throws Error/Exception, and the response still works
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $out = '';
    foreach (['clone request' => fn() => clone $req, 'clone response' => fn() => clone $res,
              'serialize request' => fn() => serialize($req), 'serialize response' => fn() => serialize($res)] as $what => $fn) {
        try {
            $fn();
            $out .= "$what: no exception\n";
        } catch (Throwable $e) {
            $out .= "$what: " . get_class($e) . ': ' . $e->getMessage() . "\n";
        }
    }
    $res->header('Content-Type', 'text/plain');
    $res->end($out);
});
$server->start();
PHP);
echo api_show(api_curl(['-i', $srv->url('/'), $srv->url('/')]));
echo api_log_php_messages($srv->stop());
?>
--EXPECT--
HTTP/1.1 200 OK
Content-Type: text/plain
Date: <date>
Content-Length: 354

clone request: Error: Trying to clone an uncloneable object of class Trident\Http\Request
clone response: Error: Trying to clone an uncloneable object of class Trident\Http\Response
serialize request: Exception: Serialization of 'Trident\Http\Request' is not allowed
serialize response: Exception: Serialization of 'Trident\Http\Response' is not allowed

HTTP/1.1 200 OK
Content-Type: text/plain
Date: <date>
Content-Length: 354

clone request: Error: Trying to clone an uncloneable object of class Trident\Http\Request
clone response: Error: Trying to clone an uncloneable object of class Trident\Http\Response
serialize request: Exception: Serialization of 'Trident\Http\Request' is not allowed
serialize response: Exception: Serialization of 'Trident\Http\Response' is not allowed
