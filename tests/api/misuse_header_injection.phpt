--TEST--
Misuse: CR, LF or NUL in a header name or value (or a status reason, a redirect target) throws ValueError and nothing is injected
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $res->header('X-Ok', 'before');
    $attempts = [
        'name CRLF' => fn() => $res->header("X-Bad\r\nInjected", 'v'),
        'name LF' => fn() => $res->header("X-Bad\nInjected", 'v'),
        'name NUL' => fn() => $res->header("X-Bad\0", 'v'),
        'name colon' => fn() => $res->header('X-Bad:', 'v'),
        'name space' => fn() => $res->header('X Bad', 'v'),
        'name empty' => fn() => $res->header('', 'v'),
        'value CRLF' => fn() => $res->header('X-Ok', "v\r\nInjected: 1"),
        'value CR' => fn() => $res->header('X-Ok', "v\rInjected: 1"),
        'value LF' => fn() => $res->header('X-Ok', "v\nInjected: 1"),
        'value NUL' => fn() => $res->header('X-Ok', "v\0x"),
        'array value with one bad element' => fn() => $res->header('X-Ok', ['fine', "bad\r\nInjected: 1"]),
        'array value with a non-string' => fn() => $res->header('X-Ok', ['fine', 42]),
        'status reason CRLF' => fn() => $res->status(200, "OK\r\nInjected: 1"),
        'redirect target CRLF' => fn() => $res->redirect("/x\r\nInjected: 1"),
        'cookie path CRLF' => fn() => $res->cookie('c', 'v', 0, "/\r\nInjected: 1"),
        'rawCookie value CRLF' => fn() => $res->rawCookie('c', "v\r\nInjected: 1"),
    ];
    $out = '';
    foreach ($attempts as $what => $fn) {
        try {
            $r = $fn();
            $out .= "$what: no exception, returned " . var_export($r, true) . "\n";
        } catch (Throwable $e) {
            $out .= "$what: " . get_class($e) . ': ' . $e->getMessage() . "\n";
        }
    }
    $res->header('Content-Type', 'text/plain');
    $res->end($out);
});
$server->start();
PHP);
$first = api_show(api_curl(['-i', $srv->url('/')]));
echo $first;
// The worker is unharmed: the same again.
echo "second request identical: ", var_export(api_show(api_curl(['-i', $srv->url('/again')])) === $first, true), "\n";
echo api_log_php_messages($srv->stop());
?>
--EXPECT--
HTTP/1.1 200 OK
X-Ok: before
Content-Type: text/plain
Date: <date>
Content-Length: 2091

name CRLF: ValueError: Trident\Http\Response::header(): Argument #1 ($key) must be a valid header name (no spaces, colons, CR, LF or NUL)
name LF: ValueError: Trident\Http\Response::header(): Argument #1 ($key) must be a valid header name (no spaces, colons, CR, LF or NUL)
name NUL: ValueError: Trident\Http\Response::header(): Argument #1 ($key) must be a valid header name (no spaces, colons, CR, LF or NUL)
name colon: ValueError: Trident\Http\Response::header(): Argument #1 ($key) must be a valid header name (no spaces, colons, CR, LF or NUL)
name space: ValueError: Trident\Http\Response::header(): Argument #1 ($key) must be a valid header name (no spaces, colons, CR, LF or NUL)
name empty: ValueError: Trident\Http\Response::header(): Argument #1 ($key) must be a valid header name (no spaces, colons, CR, LF or NUL)
value CRLF: ValueError: Trident\Http\Response::header(): Argument #2 ($value) must not contain CR, LF or NUL
value CR: ValueError: Trident\Http\Response::header(): Argument #2 ($value) must not contain CR, LF or NUL
value LF: ValueError: Trident\Http\Response::header(): Argument #2 ($value) must not contain CR, LF or NUL
value NUL: ValueError: Trident\Http\Response::header(): Argument #2 ($value) must not contain CR, LF or NUL
array value with one bad element: ValueError: Trident\Http\Response::header(): Argument #2 ($value) must not contain CR, LF or NUL
array value with a non-string: TypeError: Trident\Http\Response::header(): Argument #2 ($value) must be of type string|array of strings, array containing int given
status reason CRLF: ValueError: Trident\Http\Response::status(): Argument #2 ($reason) must not contain CR, LF or NUL
redirect target CRLF: ValueError: Trident\Http\Response::redirect(): Argument #1 ($location) must not contain CR, LF or NUL
cookie path CRLF: ValueError: Trident\Http\Response::cookie(): Argument #4 ($path) cannot contain ",", ";", "\r", "\n", "\013", or "\014"
rawCookie value CRLF: ValueError: Trident\Http\Response::rawCookie(): Argument #2 ($value) cannot contain ",", ";", " ", "\t", "\r", "\n", "\013", or "\014"

second request identical: true
