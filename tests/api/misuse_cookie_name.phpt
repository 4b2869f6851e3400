--TEST--
Misuse: cookie()/rawCookie() with an invalid or empty name throw ValueError; no Set-Cookie is sent
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
    $names = ['a=b', 'a;b', 'a b', 'a,b', "a\tb", "a\r\nb", "a\0b", ''];
    foreach (['cookie', 'rawCookie'] as $m) {
        foreach ($names as $n) {
            try {
                $out .= "$m(" . json_encode($n) . "): returned " . var_export($res->$m($n, 'v'), true) . "\n";
            } catch (ValueError $e) {
                $out .= "$m(" . json_encode($n) . "): " . $e->getMessage() . "\n";
            }
        }
    }
    $res->header('Content-Type', 'text/plain');
    $res->end($out);
});
$server->start();
PHP);
echo api_show(api_curl(['-i', $srv->url('/')]));
echo api_log_php_messages($srv->stop());
?>
--EXPECTF--
HTTP/1.1 200 OK
Content-Type: text/plain
Date: <date>
Content-Length: %d

cookie("a=b"): Trident\Http\Response::cookie(): Argument #1 ($name) cannot contain "=", ",", ";", " ", "\t", "\r", "\n", "\013", or "\014"
cookie("a;b"): Trident\Http\Response::cookie(): Argument #1 ($name) cannot contain "=", ",", ";", " ", "\t", "\r", "\n", "\013", or "\014"
cookie("a b"): Trident\Http\Response::cookie(): Argument #1 ($name) cannot contain "=", ",", ";", " ", "\t", "\r", "\n", "\013", or "\014"
cookie("a,b"): Trident\Http\Response::cookie(): Argument #1 ($name) cannot contain "=", ",", ";", " ", "\t", "\r", "\n", "\013", or "\014"
cookie("a\tb"): Trident\Http\Response::cookie(): Argument #1 ($name) cannot contain "=", ",", ";", " ", "\t", "\r", "\n", "\013", or "\014"
cookie("a\r\nb"): Trident\Http\Response::cookie(): Argument #1 ($name) cannot contain "=", ",", ";", " ", "\t", "\r", "\n", "\013", or "\014"
cookie("a\u0000b"): Trident\Http\Response::cookie(): Argument #1 ($name) cannot contain "=", ",", ";", " ", "\t", "\r", "\n", "\013", or "\014"
cookie(""): Trident\Http\Response::cookie(): Argument #1 ($name) cannot be empty
rawCookie("a=b"): Trident\Http\Response::rawCookie(): Argument #1 ($name) cannot contain "=", ",", ";", " ", "\t", "\r", "\n", "\013", or "\014"
rawCookie("a;b"): Trident\Http\Response::rawCookie(): Argument #1 ($name) cannot contain "=", ",", ";", " ", "\t", "\r", "\n", "\013", or "\014"
rawCookie("a b"): Trident\Http\Response::rawCookie(): Argument #1 ($name) cannot contain "=", ",", ";", " ", "\t", "\r", "\n", "\013", or "\014"
rawCookie("a,b"): Trident\Http\Response::rawCookie(): Argument #1 ($name) cannot contain "=", ",", ";", " ", "\t", "\r", "\n", "\013", or "\014"
rawCookie("a\tb"): Trident\Http\Response::rawCookie(): Argument #1 ($name) cannot contain "=", ",", ";", " ", "\t", "\r", "\n", "\013", or "\014"
rawCookie("a\r\nb"): Trident\Http\Response::rawCookie(): Argument #1 ($name) cannot contain "=", ",", ";", " ", "\t", "\r", "\n", "\013", or "\014"
rawCookie("a\u0000b"): Trident\Http\Response::rawCookie(): Argument #1 ($name) cannot contain "=", ",", ";", " ", "\t", "\r", "\n", "\013", or "\014"
rawCookie(""): Trident\Http\Response::rawCookie(): Argument #1 ($name) cannot be empty
