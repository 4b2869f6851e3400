--TEST--
Response: status() sets the status line (standard reason, custom reason, code without a standard reason)
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $ok = null;
    switch ($req->server['request_uri']) {
        case '/404': $ok = $res->status(404); break;
        case '/custom': $ok = $res->status(299, 'Custom Reason'); break;
        case '/teapot': $ok = $res->status(418); break;
        case '/twice': $res->status(500); $ok = $res->status(201); break;
        case '/unknown': $ok = $res->status(599); break;
        case '/reason-then-plain': $res->status(404, 'Nope'); $ok = $res->status(404); break;
    }
    $res->header('Content-Type', 'text/plain');
    $res->end('status() returned ' . var_export($ok, true));
});
$server->start();
PHP);
foreach (['/404', '/custom', '/teapot', '/twice', '/unknown', '/reason-then-plain', '/'] as $p) {
    echo api_show(api_curl(['-i', $srv->url($p)])), "--\n";
}
$srv->stop();
?>
--EXPECT--
HTTP/1.1 404 Not Found
Content-Type: text/plain
Date: <date>
Content-Length: 22

status() returned true
--
HTTP/1.1 299 Custom Reason
Content-Type: text/plain
Date: <date>
Content-Length: 22

status() returned true
--
HTTP/1.1 418 I'm a teapot
Content-Type: text/plain
Date: <date>
Content-Length: 22

status() returned true
--
HTTP/1.1 201 Created
Content-Type: text/plain
Date: <date>
Content-Length: 22

status() returned true
--
HTTP/1.1 599 
Content-Type: text/plain
Date: <date>
Content-Length: 22

status() returned true
--
HTTP/1.1 404 Not Found
Content-Type: text/plain
Date: <date>
Content-Length: 22

status() returned true
--
HTTP/1.1 200 OK
Content-Type: text/plain
Date: <date>
Content-Length: 22

status() returned NULL
--
