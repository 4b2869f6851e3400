--TEST--
Response: redirect() sends 302 (or the given code) with Location and an empty body, and ends the response
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$state = [];
$server->on('Request', function ($req, $res) use (&$state) {
    switch ($req->server['request_uri']) {
        case '/state':
            $res->end(json_encode($state));
            return;
        case '/a':
            $state['a'] = [$res->redirect('/x'), $res->isWritable()];
            return;
        case '/b':
            $res->header('X-Extra', 'kept');
            $state['b'] = $res->redirect('/y', 301);
            return;
        case '/c':
            $state['c'] = $res->redirect('https://example.com/z?q=1', 308);
            return;
        case '/x':
            $res->end('landed on x');
            return;
    }
});
$server->start();
PHP);
echo api_show(api_curl(['-i', $srv->url('/a')])), "--\n";
echo api_show(api_curl(['-i', $srv->url('/b')])), "--\n";
echo api_show(api_curl(['-i', $srv->url('/c')])), "--\n";
echo api_show(api_curl(['-i', '-L', $srv->url('/a')])), "--\n";
echo api_curl([$srv->url('/state')]), "\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.1 302 Found
Location: /x
Content-Type: text/html
Date: <date>
Content-Length: 0


--
HTTP/1.1 301 Moved Permanently
X-Extra: kept
Location: /y
Content-Type: text/html
Date: <date>
Content-Length: 0


--
HTTP/1.1 308 Permanent Redirect
Location: https://example.com/z?q=1
Content-Type: text/html
Date: <date>
Content-Length: 0


--
HTTP/1.1 302 Found
Location: /x
Content-Type: text/html
Date: <date>
Content-Length: 0


HTTP/1.1 200 OK
Content-Type: text/html
Date: <date>
Content-Length: 11

landed on x
--
{"a":[true,false],"b":true,"c":true}
