--TEST--
Misuse: a handler that returns without end() gets a 500 (headers dropped) and a warning in the log; after write() the response is completed
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => Trident\Http\Server::LOG_WARNING]);
$server->on('Request', function ($req, $res) {
    switch ($req->server['request_uri']) {
        case '/noend':
            return;
        case '/noend-headers':
            $res->status(201);
            $res->header('X-Should-Not-Appear', '1');
            $res->cookie('nor', 'this');
            return;
        case '/noend-after-write':
            $res->header('Content-Type', 'text/plain');
            $res->write('partial');
            return;
        default:
            $res->end('still serving');
    }
});
$server->start();
PHP);
// Keep-alive across all of them: a 500 for a missing end() does not cost the connection.
[$code, $out, $err] = trident_curl(['-i', '-w', '%{stderr}%{num_connects} ', $srv->url('/noend'), $srv->url('/noend-headers'), $srv->url('/noend-after-write'), $srv->url('/ok')]);
echo api_show($out);
echo "curl exit $code, new connections per request: $err\n";
$log = $srv->stop();
foreach (explode("\n", $log) as $l) {
    if (preg_match('~^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] (WARNING|ERROR) worker#0 pid=\d+: (.*)$~', $l, $m)) echo "$m[1] $m[2]\n";
}
?>
--EXPECT--
HTTP/1.1 500 Internal Server Error
Content-Type: text/html
Date: <date>
Content-Length: 0


HTTP/1.1 500 Internal Server Error
Content-Type: text/html
Date: <date>
Content-Length: 0


HTTP/1.1 200 OK
Content-Type: text/plain
Date: <date>
Transfer-Encoding: chunked

partial
HTTP/1.1 200 OK
Content-Type: text/html
Date: <date>
Content-Length: 13

still serving
curl exit 0, new connections per request: 1 0 0 0 
WARNING response to GET /noend was never ended; sending 500
WARNING response to GET /noend-headers was never ended; sending 500
