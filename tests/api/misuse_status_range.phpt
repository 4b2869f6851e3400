--TEST--
Misuse: status() with a code outside 100..999 (42, 99, 1000, -1) and redirect() with a non-3xx code throw ValueError; the response is unchanged
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
    foreach ([42, 99, 1000, -1] as $code) {
        try {
            $out .= "status($code): returned " . var_export($res->status($code), true) . "\n";
        } catch (ValueError $e) {
            $out .= "status($code): ValueError: " . $e->getMessage() . "\n";
        }
    }
    try {
        $out .= "redirect('/x', 200): returned " . var_export($res->redirect('/x', 200), true) . "\n";
    } catch (ValueError $e) {
        $out .= "redirect('/x', 200): ValueError: " . $e->getMessage() . "\n";
    }
    $out .= "writable: " . var_export($res->isWritable(), true) . "\n";
    $res->end($out);
});
$server->start();
PHP);
echo api_show(api_curl(['-i', $srv->url('/')]));
echo api_log_php_messages($srv->stop());
?>
--EXPECT--
HTTP/1.1 200 OK
Content-Type: text/html
Date: <date>
Content-Length: 574

status(42): ValueError: Trident\Http\Response::status(): Argument #1 ($code) must be between 100 and 999
status(99): ValueError: Trident\Http\Response::status(): Argument #1 ($code) must be between 100 and 999
status(1000): ValueError: Trident\Http\Response::status(): Argument #1 ($code) must be between 100 and 999
status(-1): ValueError: Trident\Http\Response::status(): Argument #1 ($code) must be between 100 and 999
redirect('/x', 200): ValueError: Trident\Http\Response::redirect(): Argument #2 ($http_code) must be a redirection status code (300-399)
writable: true
