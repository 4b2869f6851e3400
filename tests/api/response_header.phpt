--TEST--
Response: header() replaces earlier values case-insensitively, array values give one line each, default Content-Type text/html
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $r = [];
    switch ($req->server['request_uri']) {
        case '/replace':
            $r[] = $res->header('X-Test', 'first');
            $r[] = $res->header('X-Other', 'kept');
            $r[] = $res->header('x-TEST', 'second');
            $r[] = $res->header('Content-Type', 'text/plain; charset=utf-8');
            break;
        case '/array':
            $r[] = $res->header('X-Multi', 'old');
            $r[] = $res->header('X-Multi', ['one', 'two']);
            $r[] = $res->header('Link', ['</a.css>; rel=preload', '</b.js>; rel=preload']);
            break;
        case '/array-replaced':
            $r[] = $res->header('X-Multi', ['one', 'two']);
            $r[] = $res->header('x-multi', 'single');
            $r[] = $res->header('X-Empty', '');
            break;
        case '/ct-lower':
            $r[] = $res->header('content-type', 'application/json');
            break;
    }
    $res->end(json_encode($r));
});
$server->start();
PHP);
foreach (['/replace', '/array', '/array-replaced', '/ct-lower', '/default'] as $p) {
    echo api_show(api_curl(['-i', $srv->url($p)])), "--\n";
}
$srv->stop();
?>
--EXPECT--
HTTP/1.1 200 OK
X-Other: kept
x-TEST: second
Content-Type: text/plain; charset=utf-8
Date: <date>
Content-Length: 21

[true,true,true,true]
--
HTTP/1.1 200 OK
X-Multi: one
X-Multi: two
Link: </a.css>; rel=preload
Link: </b.js>; rel=preload
Content-Type: text/html
Date: <date>
Content-Length: 16

[true,true,true]
--
HTTP/1.1 200 OK
x-multi: single
X-Empty: 
Content-Type: text/html
Date: <date>
Content-Length: 16

[true,true,true]
--
HTTP/1.1 200 OK
content-type: application/json
Date: <date>
Content-Length: 6

[true]
--
HTTP/1.1 200 OK
Content-Type: text/html
Date: <date>
Content-Length: 2

[]
--
