--TEST--
Request: an HTTP/1.0 request (curl -0) has server_protocol HTTP/1.0 and an HTTP/1.0 request line in getData()
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $res->header('Content-Type', 'text/plain');
    $res->end(json_encode([$req->server['server_protocol'], $req->getMethod(), $req->streamId, $req->getData()], JSON_UNESCAPED_SLASHES));
});
$server->start();
PHP);
$out = api_curl(['-0', '-i', '-A', 't', '-H', 'Host: example.test', $srv->url('/ten?x=y')]);
echo str_replace((string)$srv->port, 'PORT', api_show($out));
$out = api_curl(['-i', '-A', 't', '-H', 'Host: example.test', $srv->url('/eleven')]);
echo str_replace((string)$srv->port, 'PORT', api_show($out));
$srv->stop();
?>
--EXPECT--
HTTP/1.0 200 OK
Content-Type: text/plain
Date: <date>
Content-Length: 106
Connection: close

["HTTP/1.0","GET",1,"GET /ten?x=y HTTP/1.0\r\nHost: example.test\r\nUser-Agent: t\r\nAccept: */*\r\n\r\n"]
HTTP/1.1 200 OK
Content-Type: text/plain
Date: <date>
Content-Length: 105

["HTTP/1.1","GET",1,"GET /eleven HTTP/1.1\r\nHost: example.test\r\nUser-Agent: t\r\nAccept: */*\r\n\r\n"]
